#include "storage/common/reply_payload.h"

#include <charconv>
#include <optional>
#include <utility>

#include "partnercenter/json.h"
#include "storage/common/documents.h"

namespace cartd::storage {
namespace {

constexpr std::string_view kFormat2Tag = "cartd-reply/2";
constexpr std::string_view kCartKind = "cart";
constexpr std::string_view kCheckoutKind = "checkout";

// The line at the front of `text` (without its newline), which is removed from `text`; nullopt
// when there is no newline.
std::optional<std::string_view> TakeLine(std::string_view& text) {
  const std::size_t eol = text.find('\n');
  if (eol == std::string_view::npos) return std::nullopt;
  const std::string_view line = text.substr(0, eol);
  text.remove_prefix(eol + 1);
  return line;
}

std::optional<std::int64_t> ParseVersion(std::string_view text) {
  std::int64_t version = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), version);
  if (error != std::errc() || end != text.data() + text.size() || version < 1) return std::nullopt;
  return version;
}

void DropRendering(partnercenter::CartCheckoutResult& result) {
  result.attributes.reset();
  for (partnercenter::Order& order : result.orders) {
    order.links.reset();
    order.attributes.reset();
    for (partnercenter::OrderLineItem& line : order.line_items) line.links.reset();
  }
  for (partnercenter::OrderError& error : result.order_errors) error.attributes.reset();
}

StatusOr<StoredReply> DecodeFormat2(std::string_view body) {
  const std::optional<std::string_view> kind = TakeLine(body);
  const std::optional<std::string_view> version_text = TakeLine(body);
  const std::optional<std::int64_t> version =
      version_text ? ParseVersion(*version_text) : std::nullopt;
  if (!kind || !version) return Internal("stored reply has a malformed header");
  StoredReply reply;
  reply.cart_version = *version;
  if (*kind == kCartKind) {
    reply.kind = ReplyKind::kCart;
    CARTD_ASSIGN_OR_RETURN(reply.cart, Decode(partnercenter::ParseCart(body, kStoredDocumentLimits),
                                              "reply document"));
  } else if (*kind == kCheckoutKind) {
    reply.kind = ReplyKind::kCheckout;
    CARTD_ASSIGN_OR_RETURN(reply.checkout_result, Decode(partnercenter::ParseCartCheckoutResult(
                                                             body, kStoredDocumentLimits),
                                                         "reply document"));
  } else {
    return Internal("stored reply has the unknown kind '" + std::string(*kind) + "'");
  }
  return reply;
}

// Format 1 stored the rendered answer; what it rendered (links, attributes) is dropped, since the
// answer is rendered again on replay.
StatusOr<StoredReply> DecodeFormat1(std::string_view payload) {
  const std::optional<std::string_view> status = TakeLine(payload);
  if (!status) return Internal("stored reply of format 1 has no status line");
  std::optional<std::int64_t> version;
  while (true) {
    const std::optional<std::string_view> line = TakeLine(payload);
    if (!line) return Internal("stored reply of format 1 has no end of headers");
    if (line->empty()) break;
    constexpr std::string_view kETag = "ETag: \"";
    if (line->starts_with(kETag) && line->ends_with("\"")) {
      version = ParseVersion(line->substr(kETag.size(), line->size() - kETag.size() - 1));
    }
  }
  if (!version) return Internal("stored reply of format 1 has no ETag");
  StoredReply reply;
  reply.cart_version = *version;
  partnercenter::Result<partnercenter::Cart> cart =
      partnercenter::ParseCart(payload, kStoredDocumentLimits);
  if (cart.ok() && cart->attributes && cart->attributes->object_type == "Cart") {
    reply.kind = ReplyKind::kCart;
    reply.cart = std::move(cart).value();
    reply.cart.links.reset();
    reply.cart.attributes.reset();
    return reply;
  }
  reply.kind = ReplyKind::kCheckout;
  CARTD_ASSIGN_OR_RETURN(reply.checkout_result, Decode(partnercenter::ParseCartCheckoutResult(
                                                           payload, kStoredDocumentLimits),
                                                       "reply of format 1"));
  DropRendering(reply.checkout_result);
  return reply;
}

}  // namespace

std::string EncodeReplyPayload(const EncodedWrite& encoded) {
  const bool checkout = encoded.write.reply->kind == ReplyKind::kCheckout;
  const std::string& document = checkout ? *encoded.checkout_document : encoded.cart_document;
  std::string payload;
  payload.reserve(kFormat2Tag.size() + 32 + document.size());
  payload.append(kFormat2Tag).append("\n");
  payload.append(checkout ? kCheckoutKind : kCartKind).append("\n");
  payload.append(std::to_string(encoded.write.cart.version)).append("\n");
  payload.append(document);
  return payload;
}

StatusOr<StoredReply> DecodeReplyPayload(std::string_view payload) {
  std::string_view rest = payload;
  const std::optional<std::string_view> first = TakeLine(rest);
  if (first && *first == kFormat2Tag) return DecodeFormat2(rest);
  return DecodeFormat1(payload);
}

}  // namespace cartd::storage
