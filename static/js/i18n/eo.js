/* The block's JavaScript messages in eo, from translations/eo/LC_MESSAGES/text.po.
 * Written by `make compile-translations`: edit the .po file, not this one. */
window.ReverseMentoringI18N = (function() {
    'use strict';

    var messages = {
        "Add an item": "\u00c0dd \u00e4n \u00eft\u00e9m \u2c60'\u03c3\u044f\u0454\u043c \u03b9\u03c1\u0455\u03c5\u043c \u2202\u03c3\u0142\u03c3\u044f #",
        "Add an item to {title}": "\u00c0dd \u00e4n \u00eft\u00e9m t\u00f6 {title} \u2c60'\u03c3\u044f\u0454\u043c \u03b9\u03c1\u0455\u03c5\u043c \u2202\u03c3\u0142\u03c3\u044f \u0455\u03b9\u0442 \u03b1\u043c\u0454\u0442#",
        "Checklist of {title}": "\u00c7h\u00e9\u00e7kl\u00efst \u00f6f {title} \u2c60'\u03c3\u044f\u0454\u043c \u03b9\u03c1\u0455\u03c5\u043c \u2202\u03c3\u0142\u03c3\u044f \u0455\u03b9\u0442 \u03b1\u043c#",
        "Choose a template first.": "\u00c7h\u00f6\u00f6s\u00e9 \u00e4 t\u00e9mpl\u00e4t\u00e9 f\u00efrst. \u2c60'\u03c3\u044f\u0454\u043c \u03b9\u03c1\u0455\u03c5\u043c \u2202\u03c3\u0142\u03c3\u044f \u0455\u03b9\u0442 \u03b1\u043c\u0454\u0442, \u00a2\u03c3\u03b7#",
        "Down": "D\u00f6wn \u2c60'\u03c3\u044f\u0454\u043c \u03b9#",
        "Experience area {number}": "\u00c9xp\u00e9r\u00ef\u00e9n\u00e7\u00e9 \u00e4r\u00e9\u00e4 {number} \u2c60'\u03c3\u044f\u0454\u043c \u03b9\u03c1\u0455\u03c5\u043c \u2202\u03c3\u0142\u03c3\u044f \u0455\u03b9\u0442 \u03b1\u043c\u0454\u0442,#",
        "Item {number}": "\u00cct\u00e9m {number} \u2c60'\u03c3\u044f\u0454\u043c \u03b9\u03c1\u0455\u03c5\u043c \u2202#",
        "Matching finished: review the proposals below.": "M\u00e4t\u00e7h\u00efng f\u00efn\u00efsh\u00e9d: r\u00e9v\u00ef\u00e9w th\u00e9 pr\u00f6p\u00f6s\u00e4ls \u00df\u00e9l\u00f6w. \u2c60'\u03c3\u044f\u0454\u043c \u03b9\u03c1\u0455\u03c5\u043c \u2202\u03c3\u0142\u03c3\u044f \u0455\u03b9\u0442 \u03b1\u043c\u0454\u0442, \u00a2\u03c3\u03b7\u0455\u0454\u00a2\u0442\u0454\u0442\u03c5\u044f \u03b1#",
        "Move {title} down": "M\u00f6v\u00e9 {title} d\u00f6wn \u2c60'\u03c3\u044f\u0454\u043c \u03b9\u03c1\u0455\u03c5\u043c \u2202\u03c3\u0142\u03c3\u044f \u0455\u03b9#",
        "Move {title} up": "M\u00f6v\u00e9 {title} \u00fcp \u2c60'\u03c3\u044f\u0454\u043c \u03b9\u03c1\u0455\u03c5\u043c \u2202\u03c3\u0142\u03c3\u044f #",
        "No weight is above zero yet.": "N\u00f6 w\u00e9\u00efght \u00efs \u00e4\u00df\u00f6v\u00e9 z\u00e9r\u00f6 \u00fd\u00e9t. \u2c60'\u03c3\u044f\u0454\u043c \u03b9\u03c1\u0455\u03c5\u043c \u2202\u03c3\u0142\u03c3\u044f \u0455\u03b9\u0442 \u03b1\u043c\u0454\u0442, \u00a2\u03c3\u03b7\u0455\u0454\u00a2#",
        "Remove": "R\u00e9m\u00f6v\u00e9 \u2c60'\u03c3\u044f\u0454\u043c \u03b9\u03c1\u0455\u03c5#",
        "Remove {title}": "R\u00e9m\u00f6v\u00e9 {title} \u2c60'\u03c3\u044f\u0454\u043c \u03b9\u03c1\u0455\u03c5\u043c \u2202\u03c3\u0142\u03c3#",
        "Resulting shares: {shares}.": "R\u00e9s\u00fclt\u00efng sh\u00e4r\u00e9s: {shares}. \u2c60'\u03c3\u044f\u0454\u043c \u03b9\u03c1\u0455\u03c5\u043c \u2202\u03c3\u0142\u03c3\u044f \u0455\u03b9\u0442 \u03b1\u043c\u0454\u0442, \u00a2#",
        "Something went wrong. Please try again.": "S\u00f6m\u00e9th\u00efng w\u00e9nt wr\u00f6ng. Pl\u00e9\u00e4s\u00e9 tr\u00fd \u00e4g\u00e4\u00efn. \u2c60'\u03c3\u044f\u0454\u043c \u03b9\u03c1\u0455\u03c5\u043c \u2202\u03c3\u0142\u03c3\u044f \u0455\u03b9\u0442 \u03b1\u043c\u0454\u0442, \u00a2\u03c3\u03b7\u0455\u0454\u00a2\u0442\u0454\u0442\u03c5\u044f#",
        "The form now holds the template \"{title}\". Nothing is saved until you press Save.": "Th\u00e9 f\u00f6rm n\u00f6w h\u00f6lds th\u00e9 t\u00e9mpl\u00e4t\u00e9 \"{title}\". N\u00f6th\u00efng \u00efs s\u00e4v\u00e9d \u00fcnt\u00efl \u00fd\u00f6\u00fc pr\u00e9ss S\u00e4v\u00e9. \u2c60'\u03c3\u044f\u0454\u043c \u03b9\u03c1\u0455\u03c5\u043c \u2202\u03c3\u0142\u03c3\u044f \u0455\u03b9\u0442 \u03b1\u043c\u0454\u0442, \u00a2\u03c3\u03b7\u0455\u0454\u00a2\u0442\u0454\u0442#",
        "The matching progress could not be updated. Press Refresh or reload the page.": "Th\u00e9 m\u00e4t\u00e7h\u00efng pr\u00f6gr\u00e9ss \u00e7\u00f6\u00fcld n\u00f6t \u00df\u00e9 \u00fcpd\u00e4t\u00e9d. Pr\u00e9ss R\u00e9fr\u00e9sh \u00f6r r\u00e9l\u00f6\u00e4d th\u00e9 p\u00e4g\u00e9. \u2c60'\u03c3\u044f\u0454\u043c \u03b9\u03c1\u0455\u03c5\u043c \u2202\u03c3\u0142\u03c3\u044f \u0455\u03b9\u0442 \u03b1\u043c\u0454\u0442, \u00a2\u03c3\u03b7\u0455\u0454\u00a2\u0442\u0454\u0442#",
        "The server could not be reached. Check your connection and try again.": "Th\u00e9 s\u00e9rv\u00e9r \u00e7\u00f6\u00fcld n\u00f6t \u00df\u00e9 r\u00e9\u00e4\u00e7h\u00e9d. \u00c7h\u00e9\u00e7k \u00fd\u00f6\u00fcr \u00e7\u00f6nn\u00e9\u00e7t\u00ef\u00f6n \u00e4nd tr\u00fd \u00e4g\u00e4\u00efn. \u2c60'\u03c3\u044f\u0454\u043c \u03b9\u03c1\u0455\u03c5\u043c \u2202\u03c3\u0142\u03c3\u044f \u0455\u03b9\u0442 \u03b1\u043c\u0454\u0442, \u00a2\u03c3\u03b7\u0455\u0454\u00a2\u0442\u0454\u0442\u03c5\u044f #",
        "Title of experience area {number}": "T\u00eftl\u00e9 \u00f6f \u00e9xp\u00e9r\u00ef\u00e9n\u00e7\u00e9 \u00e4r\u00e9\u00e4 {number} \u2c60'\u03c3\u044f\u0454\u043c \u03b9\u03c1\u0455\u03c5\u043c \u2202\u03c3\u0142\u03c3\u044f \u0455\u03b9\u0442 \u03b1\u043c\u0454\u0442, \u00a2\u03c3\u03b7\u0455\u0454\u00a2#",
        "Title of item {number} of {topic}": "T\u00eftl\u00e9 \u00f6f \u00eft\u00e9m {number} \u00f6f {topic} \u2c60'\u03c3\u044f\u0454\u043c \u03b9\u03c1\u0455\u03c5\u043c \u2202\u03c3\u0142\u03c3\u044f \u0455\u03b9\u0442 \u03b1\u043c\u0454\u0442, \u00a2\u03c3\u03b7#",
        "Title of topic {number}": "T\u00eftl\u00e9 \u00f6f t\u00f6p\u00ef\u00e7 {number} \u2c60'\u03c3\u044f\u0454\u043c \u03b9\u03c1\u0455\u03c5\u043c \u2202\u03c3\u0142\u03c3\u044f \u0455\u03b9\u0442 \u03b1\u043c\u0454\u0442#",
        "Topic {number}": "T\u00f6p\u00ef\u00e7 {number} \u2c60'\u03c3\u044f\u0454\u043c \u03b9\u03c1\u0455\u03c5\u043c \u2202\u03c3\u0142#",
        "Up": "\u00dbp \u2c60'\u03c3\u044f#",
        "{label} {share}%": "{label} {share}% \u2c60'\u03c3\u044f\u0454\u043c \u03b9\u03c1\u0455\u03c5\u043c \u2202#",
        "{title} is now in place {position} of {count}.": "{title} \u00efs n\u00f6w \u00efn pl\u00e4\u00e7\u00e9 {position} \u00f6f {count}. \u2c60'\u03c3\u044f\u0454\u043c \u03b9\u03c1\u0455\u03c5\u043c \u2202\u03c3\u0142\u03c3\u044f \u0455\u03b9\u0442 \u03b1\u043c\u0454\u0442, \u00a2\u03c3\u03b7\u0455\u0454\u00a2\u0442#",
        "{title} is removed.": "{title} \u00efs r\u00e9m\u00f6v\u00e9d. \u2c60'\u03c3\u044f\u0454\u043c \u03b9\u03c1\u0455\u03c5\u043c \u2202\u03c3\u0142\u03c3\u044f \u0455\u03b9\u0442 \u03b1#"
    };

    function pluralForm(n) {
        return Number((n != 1));
    }

    return {
        gettext: function(text) {
            var found = messages[text];
            return typeof found === 'string' ? found : text;
        },
        ngettext: function(singular, plural, n) {
            var found = messages[singular];
            if (Array.isArray(found)) {
                return found[pluralForm(n)];
            }
            return n === 1 ? singular : plural;
        },
        /* Like Django's: named values fill %(name)s, a list fills each %s in turn. */
        interpolate: function(format, values, named) {
            if (named) {
                return format.replace(/%\((\w+)\)s/g, function(match, name) { return String(values[name]); });
            }
            var next = 0;
            return format.replace(/%s/g, function() { return String(values[next++]); });
        }
    };
}());
