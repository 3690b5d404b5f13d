"""JSON handlers and downloads: who may call, what the body must be, and every outcome as a status with an answer.

The block's handler methods receive the caller and the parsed payload and return their answer; this
module checks access before it reads the body, sets the browser's request number for the domain
layer, and turns refusals into ``{"error": ..., "fields": ...}`` with 403, 400, 404, 409, 413 or 503.
"""
import functools
import json

from django.db import DatabaseError
from webob import Response
from xblock.core import XBlock

from . import access, domain
from .core import payloads
from .core.problems import ProblemList
from .domain.locking import StartOver


def handler(who, section=None):
    """Turn a domain method into a JSON handler that checks ``who`` may call it and maps every outcome.

    ``who`` is ``access.require_learner`` or ``access.require_staff``; ``section`` names the part of the view
    a replayed submit redraws (by default the staff panel for staff handlers, else the learner's part).
    The body must be a JSON document;
    an optional ``request_id`` numbers the submit so that a retry is carried out once. Errors answer
    with a JSON body ``{"error": message, "fields": {...}}`` and the matching status (403, 400, 404,
    409, 413, or 503 when the database stayed busy); nothing is written.
    """
    section = section or ("staff" if who is access.require_staff else "learner")

    def decorate(method):
        @XBlock.handler
        @functools.wraps(method)
        def wrapper(self, request, suffix=""):  # noqa: PLR0911  (one answer per outcome)
            if request.method != "POST":
                return method_not_allowed("POST", self.gettext("Send this as a POST request."))
            caller = access.identify(self)
            try:
                who(caller)
                data, request_id = payloads.take_request_id(payloads.parse_body(request.body))
                with domain.client_request(self.program_ref.usage_key, caller.user_id, request_id, method.__name__):
                    result = method(self, caller, data)
            except access.Denied as error:
                return error_response(403, self.gettext(error.message))
            except payloads.BodyTooLarge as error:
                return error_response(413, error.problems[0].render(self.gettext))
            except ProblemList as error:
                fields = error.by_field(self.gettext)
                return error_response(400, self.gettext("Please correct the highlighted answers."), fields)
            except domain.DomainError as error:
                return error_response(error.status, self.gettext(error.message).format(**error.params))
            except domain.Replayed:
                result = self.replayed_response(caller, section)
            except domain.Busy:
                return error_response(503, self.gettext(domain.Busy.message))
            except (DatabaseError, StartOver) as error:  # a write nested in another one's transaction
                if not domain.is_transient(error):
                    raise
                return error_response(503, self.gettext(domain.Busy.message))
            return Response(json.dumps(result), content_type="application/json", charset="utf8")
        return wrapper
    return decorate


def download(who):
    """Turn a method into a GET handler that checks ``who`` may call it and answers refusals as JSON errors.

    The method receives the caller and the request, and returns the file's response; a domain refusal
    answers with its status (404 for what is not the caller's to read).
    """
    def decorate(method):
        @XBlock.handler
        @functools.wraps(method)
        def wrapper(self, request, suffix=""):
            if request.method != "GET":
                return method_not_allowed("GET", self.gettext("Open this address to download the file."))
            caller = access.identify(self)
            try:
                who(caller)
                return method(self, caller, request)
            except access.Denied as error:
                return error_response(403, self.gettext(error.message))
            except domain.DomainError as error:
                return error_response(error.status, self.gettext(error.message).format(**error.params))
        return wrapper
    return decorate


def method_not_allowed(allowed, message):
    """405 with the one method the handler takes in ``Allow``; ``message`` is already translated."""
    response = error_response(405, message)
    response.allow = (allowed,)
    return response


def error_response(status, message, fields=None):
    """``{"error": message, "fields": {...}}`` with ``status``; ``message`` is already translated."""
    body = {"error": message}
    if fields:
        body["fields"] = fields
    return Response(json.dumps(body), status=status, content_type="application/json", charset="utf8")
