/* The block's JavaScript messages in es_419, from translations/es_419/LC_MESSAGES/text.po.
 * Written by `make compile-translations`: edit the .po file, not this one. */
window.ReverseMentoringI18N = (function() {
    'use strict';

    var messages = {
        "Add an item": "Agregar un elemento",
        "Add an item to {title}": "Agregar un elemento a {title}",
        "Agenda of session {number}": "Agenda de la sesi\u00f3n {number}",
        "Checklist of {title}": "Lista de verificaci\u00f3n de {title}",
        "Choices for question {number}, one per line": "Opciones de la pregunta {number}, una por l\u00ednea",
        "Choose a template first.": "Primero elige una plantilla.",
        "Down": "Bajar",
        "Experience area {number}": "\u00c1rea de experiencia {number}",
        "How question {number} is answered": "C\u00f3mo se responde la pregunta {number}",
        "Item {number}": "Elemento {number}",
        "Matching finished: review the proposals below.": "El emparejamiento termin\u00f3: revisa las propuestas a continuaci\u00f3n.",
        "Move {title} down": "Bajar {title}",
        "Move {title} up": "Subir {title}",
        "No weight is above zero yet.": "Todav\u00eda ning\u00fan peso es mayor que cero.",
        "Question {number}": "Pregunta {number}",
        "Question {number} must be answered": "La pregunta {number} es obligatoria",
        "Remove": "Quitar",
        "Remove {title}": "Quitar {title}",
        "Resulting shares: {shares}.": "Proporciones resultantes: {shares}.",
        "Something went wrong. Please try again.": "Algo sali\u00f3 mal. Vuelve a intentarlo.",
        "Text of question {number}": "Texto de la pregunta {number}",
        "The form now holds the template \"{title}\". Nothing is saved until you press Save.": "El formulario ahora tiene la plantilla \u00ab{title}\u00bb. No se guarda nada hasta que presiones Guardar.",
        "The matching progress could not be updated. Press Refresh or reload the page.": "No se pudo actualizar el progreso del emparejamiento. Presiona Actualizar o vuelve a cargar la p\u00e1gina.",
        "The server could not be reached. Check your connection and try again.": "No se pudo conectar con el servidor. Revisa tu conexi\u00f3n y vuelve a intentarlo.",
        "Title of experience area {number}": "T\u00edtulo del \u00e1rea de experiencia {number}",
        "Title of item {number} of {topic}": "T\u00edtulo del elemento {number} de {topic}",
        "Title of topic {number}": "T\u00edtulo del tema {number}",
        "Topic {number}": "Tema {number}",
        "Up": "Subir",
        "Who reads the answers to question {number}": "Qui\u00e9n lee las respuestas a la pregunta {number}",
        "{label} {share}%": "{label} {share} %",
        "{title} is now in place {position} of {count}.": "{title} est\u00e1 ahora en el lugar {position} de {count}.",
        "{title} is removed.": "Se quit\u00f3 {title}."
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
