"""Dynamic client registration (RFC 7591), opened only by a one-time initial access token."""

from __future__ import annotations

from collections.abc import Callable

from authlib.consts import default_json_headers
from authlib.oauth2.rfc6750 import InvalidTokenError
from authlib.oauth2.rfc7591 import (
    ClientRegistrationEndpoint,
    InvalidClientMetadataError,
    InvalidRedirectURIError,
)

from vault import brands, invitations
from vault.errors import ValidationError
from web import runtime
from web.clock import now
from web.errors import oauth_text


def _spent() -> InvalidTokenError:
    """The RFC 6750 refusal of a missing, unknown, used or expired invitation."""
    return InvalidTokenError("Registering needs an unused invitation from the consumer.",
                             realm="coffre")


class Registration(ClientRegistrationEndpoint):
    """Registers a brand; its initial access token is spent in the same transaction.

    The metadata is checked by vault.brands (with our one extension, `purpose`:
    why the brand wants the data, in its words), not by Authlib's claims
    classes, which fail on values of the wrong type; and the answer holds only
    what was stored (RFC 7591 section 3.2.1), never an echo of the request.
    """

    def __init__(self, server, metadata: Callable[[], dict]):
        super().__init__(server, claims_classes=[])
        self.metadata = metadata

    def create_registration_response(self, request):
        request.credential = self.authenticate_token(request)
        client_metadata = self.extract_client_metadata(request)
        client_info = self.generate_client_info(request)
        brand = self.save_client(client_info, client_metadata, request)
        return 201, {**brands.metadata(brand), **client_info}, default_json_headers

    def extract_client_metadata(self, request):
        """The request's metadata, checked. Raises InvalidClientMetadataError (and kin)."""
        data = request.payload.data
        if not isinstance(data, dict) or not data:
            raise InvalidClientMetadataError("Send the client metadata as a JSON object.")
        try:
            brands.check(data)
        except ValidationError as e:
            raise _metadata_error(e) from e
        return data

    def authenticate_token(self, request):
        """The unused, unexpired invitation in the Bearer header; else 401 (RFC 6750)."""
        kind, _, value = request.headers.get("Authorization", "").partition(" ")
        found = None
        if kind.lower() == "bearer" and value.strip():
            found = invitations.find_usable(runtime.store(), value.strip(), now=now())
        if found is None:
            raise _spent()
        return found

    def get_server_metadata(self):
        return self.metadata()

    def generate_client_id(self, request):
        return brands.new_client_id()

    def generate_client_secret(self, request):
        return brands.new_secret()

    def generate_client_info(self, request):
        info = super().generate_client_info(request)
        if request.payload.data.get("token_endpoint_auth_method") == "none":
            info.pop("client_secret")  # a public client has no secret at all
            info.pop("client_secret_expires_at")
        return info

    def save_client(self, client_info, client_metadata, request):
        store, moment = runtime.store(), now()
        try:
            with store.atomic():
                brand, _ = brands.add(store, client_metadata, source="registered", now=moment,
                                      client_id=client_info["client_id"],
                                      secret=client_info.get("client_secret"))
                if not invitations.use(store, request.credential.id, brand.id, now=moment):
                    raise _spent()
        except ValidationError as e:
            raise _metadata_error(e) from e
        return brand


def _metadata_error(error: ValidationError) -> InvalidClientMetadataError:
    """The RFC 7591 error for our validation problem (ASCII only, as OAuth requires)."""
    text = oauth_text("; ".join(f"{p.field}: {p.reason}" for p in error.problems))
    if error.field == "redirect_uris":
        return InvalidRedirectURIError(text)
    return InvalidClientMetadataError(text)
