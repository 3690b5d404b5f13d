/* The block's JavaScript messages in rtl, from translations/rtl/LC_MESSAGES/text.po.
 * Written by `make compile-translations`: edit the .po file, not this one. */
window.ReverseMentoringI18N = (function() {
    'use strict';

    var messages = {
        "Add an item": "\u0634\u064a\u064a \u0634\u0631 \u0647\u0641\u062b\u0648",
        "Add an item to {title}": "\u0634\u064a\u064a \u0634\u0631 \u0647\u0641\u062b\u0648 \u0641\u062e {title}",
        "Agenda of session {number}": "\u0634\u0644\u062b\u0631\u064a\u0634 \u062e\u0628 \u0633\u062b\u0633\u0633\u0647\u062e\u0631 {number}",
        "Checklist of {title}": "\u0630\u0627\u062b\u0630\u0646\u0645\u0647\u0633\u0641 \u062e\u0628 {title}",
        "Choices for question {number}, one per line": "\u0630\u0627\u062e\u0647\u0630\u062b\u0633 \u0628\u062e\u0642 \u0636\u0639\u062b\u0633\u0641\u0647\u062e\u0631 {number}, \u062e\u0631\u062b \u062d\u062b\u0642 \u0645\u0647\u0631\u062b",
        "Choose a template first.": "\u0630\u0627\u062e\u062e\u0633\u062b \u0634 \u0641\u062b\u0648\u062d\u0645\u0634\u0641\u062b \u0628\u0647\u0642\u0633\u0641.",
        "Down": "\u064a\u062e\u0635\u0631",
        "Experience area {number}": "\u062b\u0637\u062d\u062b\u0642\u0647\u062b\u0631\u0630\u062b \u0634\u0642\u062b\u0634 {number}",
        "How question {number} is answered": "\u0627\u062e\u0635 \u0636\u0639\u062b\u0633\u0641\u0647\u062e\u0631 {number} \u0647\u0633 \u0634\u0631\u0633\u0635\u062b\u0642\u062b\u064a",
        "Item {number}": "\u0647\u0641\u062b\u0648 {number}",
        "Matching finished: review the proposals below.": "\u0648\u0634\u0641\u0630\u0627\u0647\u0631\u0644 \u0628\u0647\u0631\u0647\u0633\u0627\u062b\u064a: \u0642\u062b\u062f\u0647\u062b\u0635 \u0641\u0627\u062b \u062d\u0642\u062e\u062d\u062e\u0633\u0634\u0645\u0633 \u0632\u062b\u0645\u062e\u0635.",
        "Move {title} down": "\u0648\u062e\u062f\u062b {title} \u064a\u062e\u0635\u0631",
        "Move {title} up": "\u0648\u062e\u062f\u062b {title} \u0639\u062d",
        "No weight is above zero yet.": "\u0631\u062e \u0635\u062b\u0647\u0644\u0627\u0641 \u0647\u0633 \u0634\u0632\u062e\u062f\u062b \u0638\u062b\u0642\u062e \u063a\u062b\u0641.",
        "Question {number}": "\u0636\u0639\u062b\u0633\u0641\u0647\u062e\u0631 {number}",
        "Question {number} must be answered": "\u0636\u0639\u062b\u0633\u0641\u0647\u062e\u0631 {number} \u0648\u0639\u0633\u0641 \u0632\u062b \u0634\u0631\u0633\u0635\u062b\u0642\u062b\u064a",
        "Remove": "\u0642\u062b\u0648\u062e\u062f\u062b",
        "Remove {title}": "\u0642\u062b\u0648\u062e\u062f\u062b {title}",
        "Resulting shares: {shares}.": "\u0642\u062b\u0633\u0639\u0645\u0641\u0647\u0631\u0644 \u0633\u0627\u0634\u0642\u062b\u0633: {shares}.",
        "Something went wrong. Please try again.": "\u0633\u062e\u0648\u062b\u0641\u0627\u0647\u0631\u0644 \u0635\u062b\u0631\u0641 \u0635\u0642\u062e\u0631\u0644. \u062d\u0645\u062b\u0634\u0633\u062b \u0641\u0642\u063a \u0634\u0644\u0634\u0647\u0631.",
        "Text of question {number}": "\u0641\u062b\u0637\u0641 \u062e\u0628 \u0636\u0639\u062b\u0633\u0641\u0647\u062e\u0631 {number}",
        "The form now holds the template \"{title}\". Nothing is saved until you press Save.": "\u0641\u0627\u062b \u0628\u062e\u0642\u0648 \u0631\u062e\u0635 \u0627\u062e\u0645\u064a\u0633 \u0641\u0627\u062b \u0641\u062b\u0648\u062d\u0645\u0634\u0641\u062b \"{title}\". \u0631\u062e\u0641\u0627\u0647\u0631\u0644 \u0647\u0633 \u0633\u0634\u062f\u062b\u064a \u0639\u0631\u0641\u0647\u0645 \u063a\u062e\u0639 \u062d\u0642\u062b\u0633\u0633 \u0633\u0634\u062f\u062b.",
        "The matching progress could not be updated. Press Refresh or reload the page.": "\u0641\u0627\u062b \u0648\u0634\u0641\u0630\u0627\u0647\u0631\u0644 \u062d\u0642\u062e\u0644\u0642\u062b\u0633\u0633 \u0630\u062e\u0639\u0645\u064a \u0631\u062e\u0641 \u0632\u062b \u0639\u062d\u064a\u0634\u0641\u062b\u064a. \u062d\u0642\u062b\u0633\u0633 \u0642\u062b\u0628\u0642\u062b\u0633\u0627 \u062e\u0642 \u0642\u062b\u0645\u062e\u0634\u064a \u0641\u0627\u062b \u062d\u0634\u0644\u062b.",
        "The server could not be reached. Check your connection and try again.": "\u0641\u0627\u062b \u0633\u062b\u0642\u062f\u062b\u0642 \u0630\u062e\u0639\u0645\u064a \u0631\u062e\u0641 \u0632\u062b \u0642\u062b\u0634\u0630\u0627\u062b\u064a. \u0630\u0627\u062b\u0630\u0646 \u063a\u062e\u0639\u0642 \u0630\u062e\u0631\u0631\u062b\u0630\u0641\u0647\u062e\u0631 \u0634\u0631\u064a \u0641\u0642\u063a \u0634\u0644\u0634\u0647\u0631.",
        "Title of experience area {number}": "\u0641\u0647\u0641\u0645\u062b \u062e\u0628 \u062b\u0637\u062d\u062b\u0642\u0647\u062b\u0631\u0630\u062b \u0634\u0642\u062b\u0634 {number}",
        "Title of item {number} of {topic}": "\u0641\u0647\u0641\u0645\u062b \u062e\u0628 \u0647\u0641\u062b\u0648 {number} \u062e\u0628 {topic}",
        "Title of topic {number}": "\u0641\u0647\u0641\u0645\u062b \u062e\u0628 \u0641\u062e\u062d\u0647\u0630 {number}",
        "Topic {number}": "\u0641\u062e\u062d\u0647\u0630 {number}",
        "Up": "\u0639\u062d",
        "Who reads the answers to question {number}": "\u0635\u0627\u062e \u0642\u062b\u0634\u064a\u0633 \u0641\u0627\u062b \u0634\u0631\u0633\u0635\u062b\u0642\u0633 \u0641\u062e \u0636\u0639\u062b\u0633\u0641\u0647\u062e\u0631 {number}",
        "{label} {share}%": "{label} {share}%",
        "{title} is now in place {position} of {count}.": "{title} \u0647\u0633 \u0631\u062e\u0635 \u0647\u0631 \u062d\u0645\u0634\u0630\u062b {position} \u062e\u0628 {count}.",
        "{title} is removed.": "{title} \u0647\u0633 \u0642\u062b\u0648\u062e\u062f\u062b\u064a."
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
