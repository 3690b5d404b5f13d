/* Reverse mentoring: the Studio editor of the program (templates/program_editor.html).
 *
 * Topics with their checklist items and the experience areas are lists drawn here from the state the server
 * embeds; authors add, rename, move and remove entries. An entry keeps the id it came with (saved, or from a
 * template); a new one has none and the server makes it from the title. Every other setting is a named control
 * whose name is its path. Save sends everything as JSON; errors come back keyed by path and are shown on the
 * field they name, the editor drawn again by the server replaces the form's body when the program is saved.
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
    var body, uid, templates;
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

    /* One entry: its title field, its move and remove buttons, and for a topic its own list of items. */
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
        input.maxLength = TITLE_LIMIT;
        input.value = entry.title || '';
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
        return item;
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
        ['topics', 'experience_areas'].forEach(function(kind) {
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
            entry.querySelector(':scope > .rm-entry-title').setAttribute('data-field', place + '.title');
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

    /* The payload: every named control by its path, then the lists as they stand. */
    function collect() {
        var data = {};
        namedControls().forEach(function(control) {
            var type = control.getAttribute('data-type');
            var value = control.value;
            if (type === 'bool') {
                value = control.checked;
            } else if (type === 'int' || type === 'number') {
                value = numberOrNull(control.value);
            }
            setPath(data, control.name, value);
        });
        data.topics = readEntries(body.querySelector('[data-list="topics"]'));
        data.experience_areas = readEntries(body.querySelector('[data-list="experience_areas"]'));
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
        var entry = entryNode(kind, {id: '', title: '', items: []});
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
            } else {
                control.value = value;
            }
        });
        drawList('topics', settings.topics);
        drawList('experience_areas', settings.experience_areas);
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

    function save() {
        var saveButton = body.querySelector('button[type=submit]');
        clearErrors();
        saveButton.disabled = true;
        saveButton.setAttribute('aria-busy', 'true');
        notify('save', {state: 'start'});
        fetch(runtime.handlerUrl(element, 'save_program'), {
            method: 'POST',
            credentials: 'same-origin',
            headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrfToken()},
            body: JSON.stringify(collect())
        }).then(function(response) {
            return response.json().catch(function() {
                return {error: gettext('Something went wrong. Please try again.')};
            }).then(function(answer) {
                saveButton.disabled = false;
                saveButton.removeAttribute('aria-busy');
                if (response.ok) {
                    var fresh = document.createElement('div');
                    fresh.innerHTML = answer.html;
                    body.parentNode.replaceChild(fresh.querySelector('.rm-editor-body'), body);
                    start();
                    body.querySelector('button[type=submit]').focus();
                    announce(statusRegion, answer.message);
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
        var state = JSON.parse(body.querySelector('script[type="application/json"]').textContent);
        templates = state.templates;
        drawList('topics', state.topics);
        drawList('experience_areas', state.experience_areas);
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
        }
    });

    root.addEventListener('input', function(event) {
        if (event.target.closest('.rm-entry-title')) {
            relabel();  // the buttons and the checklist are named after the title
        } else if (event.target.name && /^(grading|match)_weights\./.test(event.target.name)) {
            showShares();
        }
    });

    root.addEventListener('change', function(event) {
        if (event.target.matches('.rm-template-choice')) {
            var option = event.target.options[event.target.selectedIndex];
            body.querySelector('.rm-template-summary').textContent = option.getAttribute('data-summary') || '';
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
