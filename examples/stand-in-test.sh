#!/usr/bin/env bash
# A partner's test written against cartd's stand-in controls (docs/controls.md): does my client
# retry a 429 the way Partner Center asks (after Retry-After, with the same MS-RequestId), and does
# it see a cart expire after 7 days? It runs in a few seconds against `make run`, or any cartd
# with --demo (or --controls and the demo fixtures).
#
#   bash examples/stand-in-test.sh            # against http://127.0.0.1:8080, data in ./var
#   CARTD_URL=http://127.0.0.1:9000 CARTD_DATA_DIR=/tmp/x bash examples/stand-in-test.sh
#
# Needs curl and jq. Exits non-zero at the first check that fails.
set -euo pipefail

BASE=${CARTD_URL:-http://127.0.0.1:8080}
DATA_DIR=${CARTD_DATA_DIR:-./var}
CARTD=${CARTD:-build/release/cartd}
PARTNER=9a7e3b58-1c2d-4e5f-8a9b-0c1d2e3f4a5b
CUSTOMER=d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d
SEED_CART=65faf57b-0205-47ee-92b3-08dcf233ea73
CARTS="$BASE/v1/customers/$CUSTOMER/carts"

CONTROL_TOKEN=$("$CARTD" token --control --data-dir "$DATA_DIR")
control() {  # control METHOD PATH [BODY]
  curl -sS -X "$1" "$BASE/_cartd/$2" -H "Authorization: Bearer $CONTROL_TOKEN" \
    -H "Content-Type: application/json" ${3:+-d "$3"}
}
check() {  # check DESCRIPTION ACTUAL EXPECTED
  if [[ "$2" != "$3" ]]; then echo "FAIL: $1: got '$2', expected '$3'" >&2; exit 1; fi
  echo "ok: $1"
}
partner_token() {  # minted on cartd's clock, which this test moves
  control POST tokens "{\"tenant\":\"$PARTNER\",\"user\":\"2713ccd7-ea3b-470a-9cfb-451d5d0482cc\"}" |
    jq -r .token
}

# A known state: the demo data, no faults, an empty journal.
control POST reset '{"to":"demo"}' >/dev/null
control DELETE faults >/dev/null
control DELETE requests >/dev/null
TOKEN=$(partner_token)

# --- 1. Retry logic: Partner Center throttles the next two updates. ---------------------------
control POST faults '{"operation":"update","status":429,"retryAfter":1,"count":2}' >/dev/null

# The client under test (here a few lines of shell): PUT, and on 429 wait Retry-After and send
# the same request again with the same MS-RequestId, at most 5 times.
REQUEST_ID=$(cat /proc/sys/kernel/random/uuid)
BODY='{"lineItems":[{"id":0,"catalogItemId":"DG7GMGF0DWTL:0001:DG7GMGF0DSJB","quantity":2,
       "billingCycle":"one_time","provisioningContext":{"subscriptionId":
       "3D5ECED6-1151-44C7-AEE6-70A4BB725666","scope":"shared","duration":"1Year"}}]}'
for attempt in 1 2 3 4 5; do
  status=$(curl -sS -o /dev/null -D /tmp/stand-in-headers.$$ -w '%{http_code}' -X PUT \
    "$CARTS/$SEED_CART" -H "Authorization: Bearer $TOKEN" -H "MS-RequestId: $REQUEST_ID" \
    -H "Content-Type: application/json" -d "$BODY")
  [[ "$status" == 429 ]] || break
  sleep "$(tr -d '\r' < /tmp/stand-in-headers.$$ | awk -F': ' 'tolower($1)=="retry-after"{print $2}')"
done
rm -f /tmp/stand-in-headers.$$
check "the update went through in the end" "$status" 201

# What the client really sent, newest first: three PUTs with one request id.
JOURNAL=$(control GET "requests?customer=$CUSTOMER")
check "statuses seen, newest first" "$(jq -c '[.items[] | select(.method=="PUT") | .status]' <<<"$JOURNAL")" "[201,429,429]"
check "one MS-RequestId for all attempts" \
  "$(jq -r '[.items[] | select(.method=="PUT") | .requestId] | unique | join(",")' <<<"$JOURNAL")" "$REQUEST_ID"
check "the token never reaches the journal" "$(grep -c "$TOKEN" <<<"$JOURNAL" || true)" 0
check "the throttling rule fired twice" "$(control GET faults | jq '.items[0].fired')" 2

# --- 2. Expiry: a cart is gone 7 days after its creation. ------------------------------------
CART=$(curl -sS -X POST "$CARTS" -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
  -d '{"lineItems":[{"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":5,
       "billingCycle":"monthly","termDuration":"P1M"}]}' | jq -r .id)
control POST clock '{"advance":"P7DT1M"}' >/dev/null
TOKEN=$(partner_token)  # the old one expired with the week
ANSWER=$(curl -sS -w ' %{http_code}' "$CARTS/$CART" -H "Authorization: Bearer $TOKEN")
check "the expired cart answers 404" "${ANSWER##* }" 404
check "with Partner Center's code 800008" "$(jq .code <<<"${ANSWER% *}")" 800008

control POST reset '{"to":"demo"}' >/dev/null  # leave the stand-in as we found it
echo "PASS"
