"""What the sync and async locust files share: think time, the bearer token and the order POST.

Every order route wants an OAuth 2.0 bearer token. A service's token (scopes orders/write and
orders/read) submits for any customerId, as the random orders need. The token is obtained once per
locust process and shared by its users, from the first of:

- ORDERS_TOKEN: the token itself. Locally, `ORDERS_TOKEN=$(npm run --silent token -- service)`;
  `npm run bench` passes its own.
- ORDERS_TOKEN_URL, ORDERS_CLIENT_ID, ORDERS_CLIENT_SECRET: the user pool's token endpoint
  (https://<domain>/oauth2/token) and the service app client, for the client-credentials grant on
  AWS; fetched again a minute before it expires.

With none of them, requests carry no token (only a receiver with AUTH_DISABLED=true accepts them).
"""

import base64
import json
import os
import threading
import time
import urllib.parse
import urllib.request

from locust import FastHttpUser, between, constant, events

from order_payloads import random_order

# Cognito's scopes of a service client: libs/aws-resources ORDER_SCOPES.
SERVICE_SCOPES = "orders/write orders/read"

_token_lock = threading.Lock()
_token = {"value": None, "renew_at": 0.0}


def _client_credentials_token(url: str, client_id: str, client_secret: str) -> tuple[str, float]:
    """The client-credentials grant (RFC 6749 4.4) against a Cognito token endpoint: token, expiry."""
    basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode({"grant_type": "client_credentials", "scope": SERVICE_SCOPES}).encode(),
        headers={"Authorization": f"Basic {basic}", "Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        body = json.load(response)
    return body["access_token"], time.time() + float(body.get("expires_in", 3600))


def bearer_token() -> str | None:
    """The process's token (see the module's doc), fetched at most once per lifetime of a token."""
    given = os.environ.get("ORDERS_TOKEN")
    if given:
        return given.strip()
    url = os.environ.get("ORDERS_TOKEN_URL")
    if not url:
        return None
    with _token_lock:
        if _token["value"] is None or time.time() >= _token["renew_at"]:
            value, expires_at = _client_credentials_token(
                url, os.environ["ORDERS_CLIENT_ID"], os.environ["ORDERS_CLIENT_SECRET"]
            )
            _token.update(value=value, renew_at=expires_at - 60)
        return _token["value"]


@events.init_command_line_parser.add_listener
def _add_arguments(parser):
    parser.add_argument(
        "--think-time",
        type=float,
        default=0.0,
        env_var="LOCUST_THINK_TIME",
        help="Seconds each user waits between requests (0: closed loop, the next request as soon as one answers). "
        "A value above 0 waits a random time between half and one and a half of it.",
    )


def think_time(user):
    seconds = user.environment.parsed_options.think_time if user.environment.parsed_options else 0.0
    if seconds <= 0:
        return constant(0)(user)
    return between(seconds * 0.5, seconds * 1.5)(user)


class OrderUser(FastHttpUser):
    """Posts a fresh random order to `path` and checks the status code and body."""

    abstract = True
    path = ""
    expected_status = 0
    wait_time = think_time
    # Sync requests hold the connection for PROCESSING_TIME_MS; the default timeout of 60 s covers it.
    network_timeout = 60.0
    connection_timeout = 10.0

    def post_order(self):
        order = random_order()
        token = bearer_token()
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        with self.client.post(
            self.path, json=order, headers=headers, name=f"POST {self.path}", catch_response=True
        ) as response:
            if response.status_code != self.expected_status:
                response.failure(f"status {response.status_code}, expected {self.expected_status}: {response.text[:200]}")
                return
            try:
                body = response.json()
            except ValueError:
                response.failure("response is not JSON")
                return
            if body.get("orderId") != order["orderId"]:
                response.failure(f"response is for order {body.get('orderId')!r}, sent {order['orderId']!r}")
                return
            problem = self.check_body(body, order)
            if problem:
                response.failure(problem)

    def check_body(self, body: dict, order: dict) -> str | None:
        return None
