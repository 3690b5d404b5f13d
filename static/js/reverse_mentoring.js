/* Reverse mentoring: learner view and staff panel.
 *
 * Every form carries data-action (the handler name). Submitting sends the form as JSON, then swaps
 * in the section HTML the server returns, announces the message in the live regions that exist
 * from first render, and moves focus so keyboard and screen-reader users keep their place.
 */
function ReverseMentoringView(runtime, element) {
    'use strict';

    var root = element.querySelector('.rm-block') || element;
    var statusRegion = root.querySelector('.rm-status');
    var alertRegion = root.querySelector('.rm-alert');
    var catalog = window.ReverseMentoringI18N || {};
    var gettext = catalog.gettext || window.gettext || function(text) { return text; };

    /* A number for each submit, kept until the server gives a final answer: a retry after a dropped
     * connection or a busy server (503) sends the same number, so the server carries it out once. */
    function newRequestId() {
        var bytes = new Uint8Array(16);
        window.crypto.getRandomValues(bytes);
        return Array.prototype.map.call(bytes, function(value) {
            return ('0' + value.toString(16)).slice(-2);
        }).join('');
    }

    function requestIdOf(form) {
        if (!form.getAttribute('data-request-id')) {
            form.setAttribute('data-request-id', newRequestId());
        }
        return form.getAttribute('data-request-id');
    }

    function csrfToken() {
        var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
        return match ? decodeURIComponent(match[1]) : '';
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

    function convert(input, raw) {
        var type = input.getAttribute('data-type');
        if (type === 'int') {
            return raw === '' ? null : Number(raw);
        }
        if (type === 'bool') {
            return raw === 'true';
        }
        return raw;
    }

    /* Checkbox groups become lists, a lone checkbox marked data-type="bool" (a switch) true or false, radios their
     * checked value, "a.b" names nested objects. */
    function formToJson(form) {
        var data = {};
        Array.prototype.forEach.call(form.elements, function(input) {
            if (!input.name || input.disabled) {
                return;
            }
            if (input.type === 'checkbox' && input.getAttribute('data-type') === 'bool') {
                data[input.name] = input.checked;
            } else if (input.type === 'checkbox') {
                var list = data[input.name] || [];
                if (input.checked) {
                    list.push(input.value);
                }
                data[input.name] = list;
            } else if (input.type === 'radio') {
                if (input.checked) {
                    setPath(data, input.name, convert(input, input.value));
                } else if (!(input.name in data)) {
                    data[input.name] = null;
                }
            } else {
                setPath(data, input.name, convert(input, input.value));
            }
        });
        return data;
    }

    function clearErrors(form) {
        form.querySelectorAll('.rm-field.rm-invalid').forEach(function(field) {
            field.classList.remove('rm-invalid');
            field.querySelectorAll('[aria-invalid]').forEach(function(input) {
                input.removeAttribute('aria-invalid');
            });
            var message = field.querySelector('.rm-error');
            if (message) {
                message.textContent = '';
            }
        });
    }

    function showErrors(form, fields) {
        Object.keys(fields || {}).forEach(function(name) {
            var field = form.querySelector('[data-field="' + name + '"]');
            if (!field) {
                return;
            }
            field.classList.add('rm-invalid');
            field.querySelector('.rm-error').textContent = fields[name];
            var input = field.querySelector('input:not([type=hidden]), select, textarea');
            if (input) {
                input.setAttribute('aria-invalid', 'true');
            }
        });
        // The first problem in reading order, whatever order the server listed the fields in.
        return form.querySelector('[aria-invalid="true"]');
    }

    function announce(region, message) {
        statusRegion.textContent = '';
        alertRegion.textContent = '';
        region.textContent = message;
    }

    /* Put the HTML from the server in a section: the learner part, the whole staff panel, one part of the
     * dashboard (a table, a timeline) or the mentor circle; then move focus unless ``keepFocus``: to what the
     * server marked ``data-focus`` (the post just written), else to the heading of the section. */
    function replaceSection(name, html, keepFocus) {
        var section = root.querySelector(':not(form)[data-section="' + name + '"]');
        var target = name === 'staff' ? section.querySelector('.rm-staff-body') : section;
        target.innerHTML = html;
        schedulePoll();
        scheduleRefresh();
        if (keepFocus) {
            return;
        }
        var heading = target.querySelector('[data-focus]') || target.querySelector('h3[tabindex="-1"], h4[tabindex="-1"]') ||
            section.querySelector('h3, h4');
        if (name === 'staff') {
            heading = section.querySelector('h3');
        }
        if (heading) {
            heading.setAttribute('tabindex', '-1');
            heading.focus();
        }
    }

    /* POST ``data`` as JSON to one of the handlers of the block. Resolves to {ok, status, body}, the body being
     * the JSON answer (or a general error when there is none); rejects only when the server was not reached. */
    function post(action, data) {
        return fetch(runtime.handlerUrl(element, action), {
            method: 'POST',
            credentials: 'same-origin',
            headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrfToken()},
            body: JSON.stringify(data)
        }).then(function(response) {
            return response.json().catch(function() {
                return {error: gettext('Something went wrong. Please try again.')};
            }).then(function(body) {
                return {ok: response.ok, status: response.status, body: body};
            });
        });
    }

    function submit(form) {
        var button = form.querySelector('button[type=submit]');
        var section = form.getAttribute('data-section') || 'learner';
        clearErrors(form);
        button.disabled = true;
        button.setAttribute('aria-busy', 'true');
        var data = formToJson(form);
        data.request_id = requestIdOf(form);
        return post(form.getAttribute('data-action'), data).then(function(result) {
            button.disabled = false;
            button.removeAttribute('aria-busy');
            if (result.status !== 503) {
                form.removeAttribute('data-request-id');  // answered: the next submit is a new one
            }
            if (result.ok) {
                pollFailures = 0;
                // A control drawn again with the same id (a toggle in a row) keeps the focus, else the heading takes it:
                // the heading of the pair the form belongs to, when a mentor has several.
                var redrawn = Boolean(button.id) && result.body.html.indexOf('id="' + button.id + '"') !== -1;
                var pair = form.closest('[data-pair]');
                var pairMark = pair ? 'data-pair="' + pair.getAttribute('data-pair') + '"' : '';
                var pairKept = Boolean(pair) && result.body.html.indexOf(pairMark) !== -1;
                replaceSection(section, result.body.html, redrawn || pairKept);
                var pairHeading = pairKept && root.querySelector('[' + pairMark + '] .rm-pair-title');
                if (redrawn) {
                    document.getElementById(button.id).focus();
                } else if (pairHeading) {
                    pairHeading.focus();
                }
                announce(statusRegion, result.body.message);
                return;
            }
            announce(alertRegion, result.body.error || gettext('Something went wrong. Please try again.'));
            var invalid = showErrors(form, result.body.fields);
            (invalid || button).focus();
        }).catch(function() {
            button.disabled = false;
            button.removeAttribute('aria-busy');
            announce(alertRegion, gettext('The server could not be reached. Check your connection and try again.'));
            button.focus();
        });
    }

    /* A matching run in the background: refresh the staff panel until it is done, without moving focus.
     * After a failed refresh the next one waits twice as long (a minute at most); after POLL_MAX_FAILURES
     * failures in a row polling stops and says so, until staff refresh the panel themselves. */
    var POLL_MAX_FAILURES = 5;
    var POLL_MAX_DELAY_MS = 60000;
    var pollTimer = null;
    var pollFailures = 0;
    function schedulePoll() {
        var running = root.querySelector('[data-poll]');
        clearTimeout(pollTimer);
        if (!running || pollFailures >= POLL_MAX_FAILURES) {
            return;
        }
        var delay = Number(running.getAttribute('data-poll')) * Math.pow(2, pollFailures);
        pollTimer = setTimeout(poll, Math.min(delay, POLL_MAX_DELAY_MS));
    }

    function poll() {
        post('matching_status', {}).then(function(result) {
            if (!result.ok) {
                throw new Error(String(result.status));
            }
            pollFailures = 0;
            if (root.querySelector('[data-poll]')) {
                replaceSection('staff', result.body.html, true);
                if (!root.querySelector('[data-poll]')) {
                    announce(statusRegion, gettext('Matching finished: review the proposals below.'));
                }
            }
        }).catch(function() {
            pollFailures += 1;
            if (pollFailures >= POLL_MAX_FAILURES) {
                announce(alertRegion, gettext('The matching progress could not be updated. Press Refresh or reload the page.'));
                return;
            }
            schedulePoll();
        });
    }
    schedulePoll();

    /* The overview of the dashboard refreshes itself (``data-refresh`` milliseconds) without moving focus; after a
     * failed refresh it waits twice as long, ten minutes at most, and says when it was last updated. */
    var REFRESH_MAX_DELAY_MS = 600000;
    var refreshTimer = null;
    var refreshDelay = null;
    function scheduleRefresh() {
        var section = root.querySelector('[data-refresh]');
        clearTimeout(refreshTimer);
        if (!section) {
            return;
        }
        refreshDelay = refreshDelay || Number(section.getAttribute('data-refresh'));
        refreshTimer = setTimeout(function() {
            post('dashboard_overview', {}).then(function(result) {
                if (!result.ok) {
                    throw new Error(String(result.status));
                }
                refreshDelay = Number(section.getAttribute('data-refresh'));
                section.innerHTML = result.body.html;
            }).catch(function() {
                refreshDelay = Math.min(refreshDelay * 2, REFRESH_MAX_DELAY_MS);
            }).then(scheduleRefresh);
        }, refreshDelay);
    }
    scheduleRefresh();

    /* New answers in a form make its next submit a new request. */
    ['input', 'change'].forEach(function(type) {
        root.addEventListener(type, function(event) {
            var form = event.target.closest && event.target.closest('form[data-action]');
            if (form) {
                form.removeAttribute('data-request-id');
            }
        });
    });

    /* A link of the next steps to a folded form unfolds it; the browser then scrolls to it as usual. */
    root.addEventListener('click', function(event) {
        var link = event.target.closest && event.target.closest('a');
        var href = link && link.closest('.rm-next') ? link.getAttribute('href') : '';
        var target = href.charAt(0) === '#' ? document.getElementById(href.slice(1)) : null;
        if (target && target.tagName === 'DETAILS') {
            target.open = true;
        }
    });

    /* The notice of a settings change, once read, is not shown again; the title of the block takes the focus. */
    root.addEventListener('click', function(event) {
        var button = event.target.closest && event.target.closest('.rm-dismiss-notice');
        if (!button) {
            return;
        }
        button.disabled = true;
        post('dismiss_settings_notice', {change_id: Number(button.getAttribute('data-change-id'))}).then(function(result) {
            if (!result.ok) {
                button.disabled = false;
                announce(alertRegion, result.body.error || gettext('Something went wrong. Please try again.'));
                return;
            }
            var title = root.querySelector('.rm-title');
            button.closest('.rm-settings-notice').remove();
            title.setAttribute('tabindex', '-1');
            title.focus();
        }).catch(function() {
            button.disabled = false;
            announce(alertRegion, gettext('The server could not be reached. Check your connection and try again.'));
        });
    });

    root.addEventListener('submit', function(event) {
        var form = event.target.closest('form[data-action]');
        if (form && root.contains(form)) {
            event.preventDefault();
            submit(form);
        }
    });
}
