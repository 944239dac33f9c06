// How both stores keep the answer to an idempotent request: one opaque payload per reply, whose
// first line names its format, so that replies stored by an earlier cartd still replay after an
// upgrade (replies live 24 hours, across any restart).
//
//   format 2: "cartd-reply/2\n<kind>\n<cart version>\n<document>", kind "cart" or "checkout",
//             document the cart's stored document (kind cart) or its checkout result's (kind
//             checkout): the very text the write stores for the cart, so nothing is encoded twice.
//   format 1 (untagged, cartd 0.1): the HTTP answer itself, "<status>\n" then "<Name>: <value>\n"
//             per header (Content-Type, ETag), an empty line, then the body. Read only.
//
// Stateless functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "domain/records.h"
#include "storage/common/encoded_write.h"

namespace cartd::storage {

// The format-2 payload of `encoded`'s reply. REQUIRES: encoded.write.reply is set, and for kind
// kCheckout the cart has its checkout result.
std::string EncodeReplyPayload(const EncodedWrite& encoded);

// The reply a payload of either format holds. Errors: kInternal when the payload is neither.
StatusOr<StoredReply> DecodeReplyPayload(std::string_view payload);

}  // namespace cartd::storage
