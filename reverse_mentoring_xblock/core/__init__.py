"""The pure core: vocabulary and limits, program configuration, intake and payload parsing, grading and
matching. Plain Python with NumPy and SciPy: no Django, no XBlock, nothing from the layers above."""
