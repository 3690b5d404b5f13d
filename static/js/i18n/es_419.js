/* The block's JavaScript messages in es_419, from translations/es_419/LC_MESSAGES/text.po.
 * Written by `make compile-translations`: edit the .po file, not this one. */
window.ReverseMentoringI18N = (function() {
    'use strict';

    var messages = {
        "Matching finished: review the proposals below.": "El emparejamiento termin\u00f3: revisa las propuestas a continuaci\u00f3n.",
        "Something went wrong. Please try again.": "Algo sali\u00f3 mal. Vuelve a intentarlo.",
        "The matching progress could not be updated. Press Refresh or reload the page.": "No se pudo actualizar el progreso del emparejamiento. Presiona Actualizar o vuelve a cargar la p\u00e1gina.",
        "The server could not be reached. Check your connection and try again.": "No se pudo conectar con el servidor. Revisa tu conexi\u00f3n y vuelve a intentarlo."
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
