/* Reverse mentoring: the Studio editor of the program (templates/program_editor.html).
 *
 * Topics with their checklist items, the experience areas and the author's own intake questions are lists drawn
 * here from the state the server embeds; authors add, rename, move and remove entries. An entry keeps the id it
 * came with (saved, or from a template); a new one has none and the server makes it from the title or text. The
 * suggested agenda has one text field per planned session, drawn again as the number of sessions changes (the
 * texts of sessions no longer planned are kept until the editor is saved, then dropped). Every other setting is
 * a named control whose name is its path. Save sends everything as JSON; errors come back keyed by path and are
 * shown on the field they name, the editor drawn again by the server replaces the form's body when the program
 * is saved.
 */
function ReverseMentoringProgramEditor(runtime, element) {
    'use strict';

    var root = element.querySelector('.rm-editor') || element;
    var form = root.querySelector('.rm-editor-form');
    var statusRegion = root.querySelector('.rm-status');
    var alertRegion = root.querySelector('.rm-alert');
    var catalog = window.ReverseMentoringI18N || {};
    var gettext = catalog.gettext || window.gettext || function(text) { return text; };
    var TITLE_LIMIT = 120;
    var body, uid, state, templates, agendaTexts;
    var counter = 0;

    /* Names put into a translated sentence: "Move {title} up". */
    function fill(text, values) {
        return text.replace(/\{(\w+)\}/g, function(match, name) {
            return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match;
        });
    }

    var KINDS = {
        topics: {
            label: function(number) { return fill(gettext('Title of topic {number}'), {number: number}); },
            unnamed: function(number) { return fill(gettext('Topic {number}'), {number: number}); }
        },
        items: {
            label: function(number, parent) {
                return fill(gettext('Title of item {number} of {topic}'), {number: number, topic: parent});
            },
            unnamed: function(number) { return fill(gettext('Item {number}'), {number: number}); }
        },
        experience_areas: {
            label: function(number) { return fill(gettext('Title of experience area {number}'), {number: number}); },
            unnamed: function(number) { return fill(gettext('Experience area {number}'), {number: number}); }
        },
        intake_questions: {
            text: 'text',
            label: function(number) { return fill(gettext('Text of question {number}'), {number: number}); },
            unnamed: function(number) { return fill(gettext('Question {number}'), {number: number}); }
        }
    };
    /* The labels of a question's other fields, by the part of its path they hold. */
    var QUESTION_PARTS = {
        kind: function(number) { return fill(gettext('How question {number} is answered'), {number: number}); },
        shown_to: function(number) { return fill(gettext('Who reads the answers to question {number}'), {number: number}); },
        required: function(number) { return fill(gettext('Question {number} must be answered'), {number: number}); },
        choices: function(number) {
            return fill(gettext('Choices for question {number}, one per line'), {number: number});
        }
    };

    function announce(region, message) {
        statusRegion.textContent = '';
        alertRegion.textContent = '';
        region.textContent = message;
    }

    function button(action, text) {
        var node = document.createElement('button');
        node.type = 'button';
        node.className = 'rm-button rm-small';
        node.setAttribute('data-editor', action);
        node.textContent = text;
        return node;
    }

    function errorLine(id) {
        var line = document.createElement('p');
        line.className = 'rm-error';
        line.id = id;
        return line;
    }

    /* One entry: its title (a question's text) field, its move and remove buttons, and for a topic its own list
     * of items, for a question its other parts. */
    function entryNode(kind, entry) {
        counter += 1;
        var id = uid + '-entry-' + counter;
        var item = document.createElement('li');
        item.className = 'rm-entry';
        item.setAttribute('data-kind', kind);
        item.setAttribute('data-id', entry.id || '');
        var field = document.createElement('div');
        field.className = 'rm-field rm-entry-title';
        var label = document.createElement('label');
        label.setAttribute('for', id + '-title');
        var input = document.createElement('input');
        input.type = 'text';
        input.id = id + '-title';
        input.maxLength = kind === 'intake_questions' ? state.limits.question : TITLE_LIMIT;
        input.value = (kind === 'intake_questions' ? entry.text : entry.title) || '';
        input.setAttribute('aria-describedby', id + '-title-error');
        field.appendChild(label);
        field.appendChild(input);
        field.appendChild(errorLine(id + '-title-error'));
        var actions = document.createElement('div');
        actions.className = 'rm-entry-actions';
        actions.appendChild(button('up', gettext('Up')));
        actions.appendChild(button('down', gettext('Down')));
        actions.appendChild(button('remove', gettext('Remove')));
        item.appendChild(field);
        item.appendChild(actions);
        item.appendChild(errorLine(id + '-error'));
        if (kind === 'topics') {
            var checklist = document.createElement('fieldset');
            checklist.className = 'rm-field rm-subgroup rm-checklist-editor';
            checklist.setAttribute('aria-describedby', id + '-items-error');
            var legend = document.createElement('legend');
            var list = document.createElement('ol');
            list.className = 'rm-entries';
            list.setAttribute('data-list', 'items');
            var add = button('add', gettext('Add an item'));
            add.setAttribute('data-list', 'items');
            checklist.appendChild(legend);
            checklist.appendChild(list);
            checklist.appendChild(add);
            checklist.appendChild(errorLine(id + '-items-error'));
            item.appendChild(checklist);
            (entry.items || []).forEach(function(child) {
                list.appendChild(entryNode('items', child));
            });
        }
        if (kind === 'intake_questions') {
            item.appendChild(questionParts(id, entry));
        }
        return item;
    }

    /* A field of one of a question's parts; ``relabel`` gives it its path and its label's words. */
    function partField(part, id, control) {
        var field = document.createElement('div');
        field.className = 'rm-field';
        field.setAttribute('data-part', part);
        var label = document.createElement('label');
        label.setAttribute('for', id);
        var words = document.createElement('span');
        words.setAttribute('data-words', '');
        control.id = id;
        control.setAttribute('aria-describedby', id + '-error');
        if (control.type === 'checkbox') {  // a box in front of its words, as the other yes-or-no settings
            label.className = 'rm-choice';
            label.appendChild(control);
            label.appendChild(document.createTextNode(' '));
            label.appendChild(words);
            field.appendChild(label);
        } else {
            label.appendChild(words);
            field.appendChild(label);
            field.appendChild(control);
        }
        field.appendChild(errorLine(id + '-error'));
        return field;
    }

    function choiceList(options, value) {
        var select = document.createElement('select');
        options.forEach(function(option) {
            var node = document.createElement('option');
            node.value = option.value;
            node.textContent = option.label;
            select.appendChild(node);
        });
        select.value = value;
        return select;
    }

    /* How a question is answered, who reads the answers, whether it must be answered, and a choice question's
     * choices (one per line). */
    function questionParts(id, entry) {
        var parts = document.createElement('div');
        parts.className = 'rm-question-parts';
        var columns = document.createElement('div');
        columns.className = 'rm-columns';
        columns.appendChild(partField('kind', id + '-kind', choiceList(state.question_kinds, entry.kind || 'text')));
        columns.appendChild(partField('shown_to', id + '-shown-to',
                                      choiceList(state.audiences, entry.shown_to || 'partner_and_staff')));
        parts.appendChild(columns);
        var required = document.createElement('input');
        required.type = 'checkbox';
        required.checked = Boolean(entry.required);
        parts.appendChild(partField('required', id + '-required', required));
        var choices = document.createElement('textarea');
        choices.rows = 4;
        choices.value = (entry.choices || []).join('\n');
        var choicesField = partField('choices', id + '-choices', choices);
        choicesField.hidden = (entry.kind || 'text') !== 'choice';
        parts.appendChild(choicesField);
        return parts;
    }

    function entriesOf(list) {
        return Array.prototype.filter.call(list.children, function(node) { return node.matches('li.rm-entry'); });
    }

    function titleInput(entry) {
        return entry.querySelector(':scope > .rm-entry-title input');
    }

    function nameOf(entry) {
        var title = titleInput(entry).value.trim();
        var position = entriesOf(entry.parentNode).indexOf(entry) + 1;
        return title || KINDS[entry.getAttribute('data-kind')].unnamed(position);
    }

    /* Numbers, paths and accessible names follow the order on screen; run after every change of a list. */
    function relabel() {
        ['topics', 'experience_areas', 'intake_questions'].forEach(function(kind) {
            var list = body.querySelector('[data-list="' + kind + '"]');
            relabelList(list, kind, kind, '');
        });
    }

    function relabelList(list, kind, path, parentName) {
        var entries = entriesOf(list);
        entries.forEach(function(entry, index) {
            var place = path + '.' + index;
            var name = nameOf(entry);
            entry.setAttribute('data-field', place);
            entry.querySelector(':scope > .rm-entry-title').setAttribute('data-field',
                                                                         place + '.' + (KINDS[kind].text || 'title'));
            entry.querySelector(':scope > .rm-entry-title label').textContent = KINDS[kind].label(index + 1, parentName);
            var actions = entry.querySelector(':scope > .rm-entry-actions');
            var up = actions.querySelector('[data-editor="up"]');
            var down = actions.querySelector('[data-editor="down"]');
            up.setAttribute('aria-label', fill(gettext('Move {title} up'), {title: name}));
            down.setAttribute('aria-label', fill(gettext('Move {title} down'), {title: name}));
            actions.querySelector('[data-editor="remove"]').setAttribute(
                'aria-label', fill(gettext('Remove {title}'), {title: name}));
            setDisabled(up, index === 0);
            setDisabled(down, index === entries.length - 1);
            var checklist = entry.querySelector(':scope > fieldset');
            if (checklist) {
                checklist.setAttribute('data-field', place + '.items');
                checklist.querySelector(':scope > legend').textContent = fill(gettext('Checklist of {title}'), {title: name});
                checklist.querySelector(':scope > [data-editor="add"]').setAttribute(
                    'aria-label', fill(gettext('Add an item to {title}'), {title: name}));
                relabelList(checklist.querySelector(':scope > ol'), 'items', place + '.items', name);
            }
            entry.querySelectorAll(':scope > .rm-question-parts [data-part]').forEach(function(field) {
                var part = field.getAttribute('data-part');
                field.setAttribute('data-field', place + '.' + part);
                field.querySelector('[data-words]').textContent = QUESTION_PARTS[part](index + 1);
            });
        });
    }

    /* Disabled, yet focusable: a button that just moved its entry to the end keeps the focus. */
    function setDisabled(node, disabled) {
        if (disabled) {
            node.setAttribute('aria-disabled', 'true');
        } else {
            node.removeAttribute('aria-disabled');
        }
    }

    function drawList(kind, entries) {
        var list = body.querySelector('[data-list="' + kind + '"]');
        list.textContent = '';
        entries.forEach(function(entry) {
            list.appendChild(entryNode(kind, entry));
        });
    }

    function readQuestions() {
        return entriesOf(body.querySelector('[data-list="intake_questions"]')).map(function(entry) {
            function part(name) {
                var field = entry.querySelector(':scope > .rm-question-parts [data-part="' + name + '"]');
                return field.querySelector('input, select, textarea');
            }
            var kind = part('kind').value;
            var choices = part('choices').value.split('\n').map(function(text) { return text.trim(); })
                .filter(function(text) { return text !== ''; });
            return {id: entry.getAttribute('data-id'), text: titleInput(entry).value, kind: kind,
                    choices: kind === 'choice' ? choices : [], required: part('required').checked,
                    shown_to: part('shown_to').value};
        });
    }

    /* --- the agenda: one text per planned session ----------------------------------------------------- */

    function agendaList() {
        return body.querySelector('[data-list="session_agenda"]');
    }

    /* The number of sessions the form plans, or null while it is not one the program allows. */
    function plannedSessions() {
        var control = body.querySelector('[name="sessions_planned"]');
        var value = Number(control.value);
        var fits = control.value.trim() !== '' && Number.isInteger(value) && value >= Number(control.min) &&
            value <= Number(control.max);
        return fits ? value : null;
    }

    function agendaField(index, text) {
        var id = uid + '-agenda-' + index;
        var field = document.createElement('div');
        field.className = 'rm-field';
        field.setAttribute('data-field', 'session_agenda.' + index);
        var label = document.createElement('label');
        label.setAttribute('for', id);
        label.textContent = fill(gettext('Agenda of session {number}'), {number: index + 1});
        var box = document.createElement('textarea');
        box.id = id;
        box.rows = 2;
        box.maxLength = state.limits.agenda;
        box.value = text;
        box.setAttribute('aria-describedby', id + '-error');
        field.appendChild(label);
        field.appendChild(box);
        field.appendChild(errorLine(id + '-error'));
        return field;
    }

    /* One field per planned session; ``keep``: remember what the fields hold first (the count changed). */
    function drawAgenda(keep) {
        var count = plannedSessions();
        if (count === null) {
            return;  // the fields stay as they are until the number is one the program allows
        }
        var list = agendaList();
        if (keep) {
            list.querySelectorAll('textarea').forEach(function(box, index) { agendaTexts[index] = box.value; });
        }
        list.textContent = '';
        for (var index = 0; index < count; index += 1) {
            list.appendChild(agendaField(index, agendaTexts[index] || ''));
        }
    }

    function readAgenda() {
        return Array.prototype.map.call(agendaList().querySelectorAll('textarea'), function(box) { return box.value; });
    }

    function readEntries(list) {
        return entriesOf(list).map(function(entry) {
            var value = {id: entry.getAttribute('data-id'), title: titleInput(entry).value};
            var items = entry.querySelector(':scope > fieldset > ol');
            if (items) {
                value.items = readEntries(items);
            }
            return value;
        });
    }

    function numberOrNull(raw) {
        return raw.trim() === '' ? null : Number(raw);
    }

    function setPath(target, path, value) {
        var parts = path.split('.');
        var last = parts.pop();
        parts.forEach(function(part) {
            target[part] = target[part] || {};
            target = target[part];
        });
        target[last] = value;
    }

    function getPath(source, path) {
        return path.split('.').reduce(function(value, part) {
            return value === undefined || value === null ? undefined : value[part];
        }, source);
    }

    function namedControls() {
        return Array.prototype.filter.call(form.elements, function(control) { return Boolean(control.name); });
    }

    /* The payload: every named control by its path (a radio group by its checked choice, or null), then the
     * lists as they stand. */
    function collect() {
        var data = {};
        namedControls().forEach(function(control) {
            var type = control.getAttribute('data-type');
            var value = control.value;
            if (control.type === 'radio') {
                if (control.checked || getPath(data, control.name) === undefined) {
                    setPath(data, control.name, control.checked ? value : null);
                }
                return;
            }
            if (type === 'bool') {
                value = control.checked;
            } else if (type === 'int' || type === 'number') {
                value = numberOrNull(control.value);
            }
            setPath(data, control.name, value);
        });
        data.topics = readEntries(body.querySelector('[data-list="topics"]'));
        data.experience_areas = readEntries(body.querySelector('[data-list="experience_areas"]'));
        data.intake_questions = readQuestions();
        data.session_agenda = readAgenda();
        return data;
    }

    /* Whole percentages that add up to 100 (largest remainders), or null when no weight is above zero. */
    function percentages(values) {
        var total = values.reduce(function(sum, value) { return sum + value; }, 0);
        if (!(total > 0)) {
            return null;
        }
        var exact = values.map(function(value) { return value * 100 / total; });
        var whole = exact.map(Math.floor);
        var left = 100 - whole.reduce(function(sum, value) { return sum + value; }, 0);
        exact.map(function(value, index) { return {index: index, rest: value - whole[index]}; })
            .sort(function(a, b) { return b.rest - a.rest; })
            .slice(0, left)
            .forEach(function(entry) { whole[entry.index] += 1; });
        return whole;
    }

    function showShares() {
        body.querySelectorAll('[data-shares]').forEach(function(line) {
            var controls = namedControls().filter(function(control) {
                return control.name.indexOf(line.getAttribute('data-shares') + '.') === 0;
            });
            var values = controls.map(function(control) {
                var value = Number(control.value);
                return control.value.trim() !== '' && isFinite(value) && value > 0 ? value : 0;
            });
            var shares = percentages(values);
            if (!shares) {
                line.textContent = gettext('No weight is above zero yet.');
                return;
            }
            line.textContent = fill(gettext('Resulting shares: {shares}.'), {
                shares: controls.map(function(control, index) {
                    var label = body.querySelector('label[for="' + control.id + '"]').textContent.trim();
                    return fill(gettext('{label} {share}%'), {label: label, share: shares[index]});
                }).join(', ')
            });
        });
    }

    /* --- errors ------------------------------------------------------------------------------------- */

    function ownError(field) {
        return Array.prototype.find.call(field.children, function(node) { return node.classList.contains('rm-error'); });
    }

    function clearErrors() {
        body.querySelectorAll('[data-field].rm-invalid').forEach(function(field) {
            field.classList.remove('rm-invalid');
            ownError(field).textContent = '';
        });
        body.querySelectorAll('[aria-invalid]').forEach(function(control) {
            control.removeAttribute('aria-invalid');
        });
        var others = body.querySelector('.rm-editor-problems');
        others.textContent = '';
        others.hidden = true;
    }

    /* The place a path names, else its nearest named parent ("topics.2.id" shows on topic 3). */
    function fieldFor(path) {
        var parts = path.split('.');
        while (parts.length) {
            var field = body.querySelector('[data-field="' + parts.join('.') + '"]');
            if (field) {
                return field;
            }
            parts.pop();
        }
        return null;
    }

    function showErrors(fields) {
        var others = body.querySelector('.rm-editor-problems');
        Object.keys(fields || {}).forEach(function(path) {
            var field = fieldFor(path);
            if (!field) {
                var line = document.createElement('li');
                line.className = 'rm-error';
                line.textContent = fields[path];
                others.appendChild(line);
                others.hidden = false;
                return;
            }
            field.classList.add('rm-invalid');
            var error = ownError(field);
            error.textContent = error.textContent ? error.textContent + ' ' + fields[path] : fields[path];
            var control = field.querySelector(':scope > input, :scope > textarea, :scope > select, :scope > label > input');
            if (control) {
                control.setAttribute('aria-invalid', 'true');
            }
        });
        // Focus goes to the first problem in reading order, whatever order the server listed them in.
        var first = body.querySelector('[data-field].rm-invalid');
        return first && (first.querySelector('[aria-invalid="true"]') ||
                         first.querySelector('input, textarea, select, button'));
    }

    /* --- actions -------------------------------------------------------------------------------------- */

    function addEntry(addButton) {
        var kind = addButton.getAttribute('data-list');
        var list = kind === 'items' ? addButton.parentNode.querySelector(':scope > ol') :
            body.querySelector('[data-list="' + kind + '"]');
        var entry = entryNode(kind, {id: '', title: '', items: [], text: '', kind: 'text', choices: [], required: false,
                                     shown_to: 'partner_and_staff'});
        list.appendChild(entry);
        relabel();
        titleInput(entry).focus();
    }

    function moveEntry(entry, direction, pressed) {
        var list = entry.parentNode;
        var entries = entriesOf(list);
        var index = entries.indexOf(entry);
        var target = index + direction;
        if (target < 0 || target >= entries.length) {
            return;
        }
        if (direction < 0) {
            list.insertBefore(entry, entries[target]);
        } else {
            list.insertBefore(entry, entries[target].nextSibling);
        }
        relabel();
        pressed.focus();
        announce(statusRegion, fill(gettext('{title} is now in place {position} of {count}.'),
                                    {title: nameOf(entry), position: target + 1, count: entries.length}));
    }

    function removeEntry(entry) {
        var list = entry.parentNode;
        var entries = entriesOf(list);
        var index = entries.indexOf(entry);
        var name = nameOf(entry);
        var next = entries[index + 1] || entries[index - 1];
        list.removeChild(entry);
        relabel();
        if (next) {
            titleInput(next).focus();
        } else {
            list.parentNode.querySelector(':scope > [data-editor="add"]').focus();
        }
        announce(statusRegion, fill(gettext('{title} is removed.'), {title: name}));
    }

    function applyTemplate() {
        var choice = body.querySelector('.rm-template-choice');
        var settings = templates[choice.value];
        if (!settings) {
            announce(alertRegion, gettext('Choose a template first.'));
            choice.focus();
            return;
        }
        clearErrors();
        namedControls().forEach(function(control) {
            var value = getPath(settings, control.name);
            if (value === undefined) {
                return;  // the problem weight stays the course's
            }
            if (control.getAttribute('data-type') === 'bool') {
                control.checked = Boolean(value);
            } else if (control.type === 'radio') {
                control.checked = control.value === value;
            } else {
                control.value = value;
            }
        });
        drawList('topics', settings.topics);
        drawList('experience_areas', settings.experience_areas);
        drawList('intake_questions', settings.intake_questions);
        agendaTexts = settings.session_agenda.slice();
        drawAgenda(false);
        relabel();
        showShares();
        var title = choice.options[choice.selectedIndex].textContent;
        announce(statusRegion, fill(gettext('The form now holds the template "{title}". Nothing is saved until you press Save.'),
                                    {title: title}));
    }

    function csrfToken() {
        var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
        return match ? decodeURIComponent(match[1]) : '';
    }

    function notify(name, data) {
        if (typeof runtime.notify === 'function') {
            runtime.notify(name, data);
        }
    }

    /* What a change would do to learners, from the save handler: listed for the author, who saves again to confirm. */
    function showImpact(lines) {
        var panel = body.querySelector('.rm-editor-impact');
        var list = panel.querySelector('ul');
        list.textContent = '';
        lines.forEach(function(line) {
            var item = document.createElement('li');
            item.textContent = line;
            list.appendChild(item);
        });
        panel.hidden = false;
        panel.querySelector('h3').focus();
    }

    function hideImpact() {
        body.querySelector('.rm-editor-impact').hidden = true;
    }

    function save(confirmed) {
        var saveButton = body.querySelector('button[type=submit]');
        var data = collect();
        if (confirmed) {
            data.confirm_changes = true;
        }
        hideImpact();
        clearErrors();
        saveButton.disabled = true;
        saveButton.setAttribute('aria-busy', 'true');
        fetch(runtime.handlerUrl(element, 'save_program'), {
            method: 'POST',
            credentials: 'same-origin',
            headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrfToken()},
            body: JSON.stringify(data)
        }).then(function(response) {
            return response.json().catch(function() {
                return {error: gettext('Something went wrong. Please try again.')};
            }).then(function(answer) {
                saveButton.disabled = false;
                saveButton.removeAttribute('aria-busy');
                if (response.ok && answer.impact) {  // nothing saved yet: Studio's modal stays open
                    announce(statusRegion, answer.message);
                    showImpact(answer.impact);
                    return;
                }
                if (response.ok) {
                    var fresh = document.createElement('div');
                    fresh.innerHTML = answer.html;
                    body.parentNode.replaceChild(fresh.querySelector('.rm-editor-body'), body);
                    start();
                    body.querySelector('button[type=submit]').focus();
                    announce(statusRegion, answer.message);
                    notify('save', {state: 'start'});  // Studio's runtime: saved, close the modal
                    notify('save', {state: 'end'});
                    return;
                }
                announce(alertRegion, answer.error || gettext('Something went wrong. Please try again.'));
                (showErrors(answer.fields) || saveButton).focus();
            });
        }).catch(function() {
            saveButton.disabled = false;
            saveButton.removeAttribute('aria-busy');
            announce(alertRegion, gettext('The server could not be reached. Check your connection and try again.'));
            saveButton.focus();
        });
    }

    /* Draw the lists of the body the server rendered (on load, and after each save). */
    function start() {
        body = root.querySelector('.rm-editor-body');
        uid = body.getAttribute('data-uid');
        state = JSON.parse(body.querySelector('script[type="application/json"]').textContent);
        templates = state.templates;
        drawList('topics', state.topics);
        drawList('experience_areas', state.experience_areas);
        drawList('intake_questions', state.intake_questions);
        agendaTexts = state.session_agenda.slice();
        drawAgenda(false);
        relabel();
        showShares();
        body.querySelector('[data-editor="cancel"]').hidden = typeof runtime.notify !== 'function';
    }

    root.addEventListener('click', function(event) {
        var pressed = event.target.closest('button[data-editor]');
        if (!pressed || !root.contains(pressed) || pressed.getAttribute('aria-disabled') === 'true') {
            return;
        }
        var action = pressed.getAttribute('data-editor');
        var entry = pressed.closest('li.rm-entry');
        if (action !== 'confirm-save' && action !== 'review') {
            hideImpact();  // what was listed was for the form as it was
        }
        if (action === 'add') {
            addEntry(pressed);
        } else if (action === 'up' || action === 'down') {
            moveEntry(entry, action === 'up' ? -1 : 1, pressed);
        } else if (action === 'remove') {
            removeEntry(entry);
        } else if (action === 'apply-template') {
            applyTemplate();
        } else if (action === 'cancel') {
            notify('cancel', {});
        } else if (action === 'confirm-save') {
            save(true);
        } else if (action === 'review') {
            hideImpact();
            body.querySelector('button[type=submit]').focus();
        }
    });

    root.addEventListener('input', function(event) {
        hideImpact();  // what was listed was for the form as it was
        if (event.target.closest('.rm-entry-title')) {
            relabel();  // the buttons and the checklist are named after the title
        } else if (event.target.name && /^(grading|match)_weights\./.test(event.target.name)) {
            showShares();
        } else if (event.target.name === 'sessions_planned') {
            drawAgenda(true);
        }
    });

    root.addEventListener('change', function(event) {
        if (event.target.matches('.rm-template-choice')) {
            var option = event.target.options[event.target.selectedIndex];
            body.querySelector('.rm-template-summary').textContent = option.getAttribute('data-summary') || '';
        } else if (event.target.matches('[data-part="kind"] select')) {
            var choices = event.target.closest('.rm-question-parts').querySelector('[data-part="choices"]');
            choices.hidden = event.target.value !== 'choice';
        }
    });

    /* Enter in a text or number box would submit the whole program: authors press it to finish a title. */
    form.addEventListener('keydown', function(event) {
        if (event.key === 'Enter' && event.target.matches('input[type=text], input[type=number]')) {
            event.preventDefault();
        }
    });

    form.addEventListener('submit', function(event) {
        event.preventDefault();
        save();
    });

    start();
}
