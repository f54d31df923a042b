# shellcheck shell=bash disable=SC2034  # <C>_PORT, <C>_PROC_MATCH...: read by stack.sh/lib.sh
# Mailpit: SMTP catcher on 127.0.0.1:1025, web UI and HTTP API on http://127.0.0.1:8025.
# Built from its Go module (github.com/axllent/mailpit); the module has the UI sources but not the
# bundled UI (server/ui/dist), so the build runs `npm ci && npm run build` on a copy of the module
# first (if that fails the build goes on: the API works, the web UI page stays blank).
# Messages are kept in data/mail/mailpit.db (newest 5000), so they survive stop/start.
# SMTP: no TLS, any AUTH user/password accepted (also over plain text), no reverse DNS.
#
# HTTP API for tests (JSON; full reference at http://127.0.0.1:8025/api/v1/):
#   GET    /api/v1/messages?limit=50&start=0  list, newest first:
#            { total, unread, count, messages_count, start, tags,
#              messages: [ { ID, MessageID, Read, From: {Name, Address}, To: [{Name, Address}],
#                            Cc, Bcc, ReplyTo, Subject, Created, Tags, Size, Attachments, Snippet } ] }
#   GET    /api/v1/search?query=to:"a@b.c" subject:"x"   same shape, filtered
#   GET    /api/v1/message/{ID}                 one message (ID may be `latest`):
#            { ID, MessageID, From, To, Cc, Bcc, ReplyTo, ReturnPath, Subject, Date, Tags,
#              Text, HTML, Size, Inline: [part], Attachments: [part] }
#            part = { PartID, FileName, ContentType, ContentID, Size }
#   GET    /api/v1/message/{ID}/part/{PartID}   an attachment or inline part, raw bytes
#   GET    /api/v1/message/{ID}/headers         { "Header-Name": ["value", ...] }
#   GET    /api/v1/message/{ID}/raw             the message source (RFC 822)
#   DELETE /api/v1/messages                     delete all (or body {"IDs": [...]} for some)
#   DELETE /api/v1/search?query=...             delete the matching ones
#   PUT    /api/v1/chaos                        SMTP fault injection (enabled here), e.g.
#            {"Sender":{"ErrorCode":451,"Probability":100}} makes MAIL FROM fail; {} resets.
#            Triggers: Sender, Recipient, Authentication. GET /api/v1/chaos shows them.

MAILPIT_VERSION=1.27.11
MAIL_PORT=1025
MAIL_HTTP_PORT=8025
MAIL_PROC_MATCH="mailpit-"
MAIL_READY_TIMEOUT=30
MAILPIT_BIN="$BIN_DIR/mailpit-$MAILPIT_VERSION"

mail_provisioned() { [[ -x $MAILPIT_BIN ]]; }

mail_provision() {
  local dir="$BUILD_DIR/mailpit" log="$LOG_DIR/mail.provision.log"
  go_wrapper_module mailpit github.com/axllent/mailpit "v$MAILPIT_VERSION" github.com/axllent/mailpit
  step "building the Mailpit web UI (npm ci, esbuild)"
  if command -v npm >/dev/null &&
    (cd "$dir/src" && npm ci --no-audit --no-fund && npm run build) >>"$log" 2>&1 </dev/null 9>&-; then
    :
  else
    info "WARNING: web UI build failed (see $log); the HTTP API works, the UI page will be blank"
  fi
  step "building mailpit (go build)"
  run_logged "$log" go -C "$dir" build -buildvcs=false -trimpath \
    -ldflags "-s -w -X github.com/axllent/mailpit/config.Version=v$MAILPIT_VERSION" \
    -o "$MAILPIT_BIN.tmp" github.com/axllent/mailpit
  step "checking the built binary"
  # `version` also looks for a newer release online and exits 1 when it cannot: only read it.
  local out
  out=$("$MAILPIT_BIN.tmp" version 2>/dev/null || true)
  [[ $out == *" v$MAILPIT_VERSION "* ]] || die "the built binary reports '$out', not v$MAILPIT_VERSION"
  mv "$MAILPIT_BIN.tmp" "$MAILPIT_BIN"
  rm -rf "$dir"
}

mail_start() {
  [[ -x $MAILPIT_BIN ]] || die "not provisioned: run '$0 provision mail'"
  mkdir -p "$DATA_DIR/mail"
  start_detached mail "$DATA_DIR/mail" "$MAILPIT_BIN" \
    --smtp "127.0.0.1:$MAIL_PORT" \
    --listen "127.0.0.1:$MAIL_HTTP_PORT" \
    --database "$DATA_DIR/mail/mailpit.db" \
    --max 5000 \
    --disable-version-check \
    --smtp-auth-accept-any --smtp-auth-allow-insecure \
    --smtp-disable-rdns \
    --enable-chaos
}

mail_ready() {
  port_open "$MAIL_PORT" && http_ok "http://127.0.0.1:$MAIL_HTTP_PORT/readyz"
}

mail_stop() { stop_pid mail 20; }

mail_version() { echo "$MAILPIT_VERSION"; }

mail_where() { echo "api http://127.0.0.1:$MAIL_HTTP_PORT"; }
