// The Parse* functions of partnercenter/json.h: strict JSON (wire/json_reader.h), then the
// lenient mapping of each contract type (wire/value_decoder.h).
#include <boost/json/monotonic_resource.hpp>
#include <exception>
#include <string>

#include "partnercenter/json.h"
#include "wire/json_reader.h"
#include "wire/value_decoder.h"

namespace partnercenter {
namespace {

namespace json = boost::json;
using wire::DecodeContext;
using wire::MemberReader;

// Calls `read_member(key, value)` for each non-null member of the object in `value`; a null
// member is the same as an absent one.
template <typename ReadMember>
bool ForEachMember(const json::value& value, DecodeContext& context, ReadMember read_member) {
  const json::object* object = wire::ExpectObject(value, context);
  if (object == nullptr) {
    return false;
  }
  for (const auto& member : *object) {
    if (member.value().is_null()) {
      continue;
    }
    if (!read_member(std::string_view(member.key().data(), member.key().size()), member.value())) {
      return false;
    }
  }
  return true;
}

bool ReadKeyValue(const json::value& value, DecodeContext& context, KeyValue& out) {
  return ForEachMember(value, context, [&](std::string_view key, const json::value& member) {
    return MemberReader(context, key, member)
        .Read("key", out.key, wire::ReadString)
        .Read("value", out.value, wire::ReadString)
        .ok();
  });
}

bool ReadLink(const json::value& value, DecodeContext& context, Link& out) {
  return ForEachMember(value, context, [&](std::string_view key, const json::value& member) {
    return MemberReader(context, key, member)
        .Read("uri", out.uri, wire::ReadString)
        .Read("method", out.method, wire::ReadString)
        .Read("headers", out.headers,
              [](const json::value& v, DecodeContext& c, std::vector<KeyValue>& headers) {
                return wire::ReadArray(v, c, headers, ReadKeyValue);
              })
        .Read("body", out.body, wire::ReadString)
        .ok();
  });
}

bool ReadResourceAttributes(const json::value& value, DecodeContext& context,
                            ResourceAttributes& out) {
  return ForEachMember(value, context, [&](std::string_view key, const json::value& member) {
    return MemberReader(context, key, member)
        .Read("etag", out.etag, wire::ReadString)
        .Read("objectType", out.object_type, wire::ReadString)
        .ok();
  });
}

bool ReadStandardLinks(const json::value& value, DecodeContext& context, StandardLinks& out) {
  return ForEachMember(value, context, [&](std::string_view key, const json::value& member) {
    return MemberReader(context, key, member).Read("self", out.self, ReadLink).ok();
  });
}

bool ReadRenewsTo(const json::value& value, DecodeContext& context, RenewsTo& out) {
  return ForEachMember(value, context, [&](std::string_view key, const json::value& member) {
    return MemberReader(context, key, member)
        .Read("termDuration", out.term_duration, wire::ReadString)
        .ok();
  });
}

bool ReadParticipant(const json::value& value, DecodeContext& context, Participant& out) {
  return ForEachMember(value, context, [&](std::string_view key, const json::value& member) {
    return MemberReader(context, key, member)
        .Read("key", out.key, wire::ReadParticipantType)
        .Read("value", out.value, wire::ReadString)
        .ok();
  });
}

bool ReadParticipants(const json::value& value, DecodeContext& context,
                      std::vector<Participant>& out) {
  return wire::ReadArray(value, context, out, ReadParticipant);
}

bool ReadCartError(const json::value& value, DecodeContext& context, CartError& out) {
  return ForEachMember(value, context, [&](std::string_view key, const json::value& member) {
    return MemberReader(context, key, member)
        .Read("errorCode", out.error_code, wire::ReadCartErrorCode)
        .Read("errorDescription", out.error_description, wire::ReadString)
        .Read("additionalInformation", out.additional_information_json, wire::ReadObjectJsonText)
        .ok();
  });
}

bool ReadCartLineItem(const json::value& value, DecodeContext& context, CartLineItem& out);

bool ReadCartLineItems(const json::value& value, DecodeContext& context,
                       std::vector<CartLineItem>& out) {
  return wire::ReadArray(value, context, out, ReadCartLineItem);
}

bool ReadCartLineItem(const json::value& value, DecodeContext& context, CartLineItem& out) {
  std::optional<std::string> catalog_id;
  const bool ok =
      ForEachMember(value, context, [&](std::string_view key, const json::value& member) {
        return MemberReader(context, key, member)
            .Read("id", out.id, wire::ReadIntOrNumericString)
            .Read("catalogItemId", out.catalog_item_id, wire::ReadString)
            .Read("catalogId", catalog_id, wire::ReadString)
            .Read("friendlyName", out.friendly_name, wire::ReadString)
            .Read("quantity", out.quantity, wire::ReadInt)
            .ReadLenient("currencyCode", out.currency_code, wire::ReadString)
            .Read("billingCycle", out.billing_cycle, wire::ReadBillingCycle)
            .Read("termDuration", out.term_duration, wire::ReadString)
            .Read("promotionId", out.promotion_id, wire::ReadString)
            .Read("participants", out.participants, ReadParticipants)
            .Read("provisioningContext", out.provisioning_context, wire::ReadStringPairs)
            .ReadLenient("orderGroup", out.order_group, wire::ReadString)
            .ReadLenient("purchaseSystem", out.purchase_system, wire::ReadString)
            // "addOnItems" (the Java SDK's spelling) is the same name ignoring case.
            .Read("addonItems", out.addon_items, ReadCartLineItems)
            .Read("renewsTo", out.renews_to, ReadRenewsTo)
            .Read("customTermEndDate", out.custom_term_end_date, wire::ReadTimestamp)
            .Read("attestationAccepted", out.attestation_accepted, wire::ReadBool)
            .ReadLenient("error", out.error, ReadCartError)
            .ok();
      });
  if (!ok) {
    return false;
  }
  if (catalog_id) {
    if (out.catalog_item_id) {
      return context.Fail("both catalogId and catalogItemId");
    }
    out.catalog_item_id = std::move(catalog_id);
  }
  return true;
}

bool ReadCart(const json::value& value, DecodeContext& context, Cart& out) {
  return ForEachMember(value, context, [&](std::string_view key, const json::value& member) {
    return MemberReader(context, key, member)
        .ReadLenient("id", out.id, wire::ReadString)
        .ReadLenient("creationTimestamp", out.creation_timestamp, wire::ReadTimestamp)
        .ReadLenient("lastModifiedTimestamp", out.last_modified_timestamp, wire::ReadTimestamp)
        .ReadLenient("expirationTimestamp", out.expiration_timestamp, wire::ReadTimestamp)
        .ReadLenient("lastModifiedUser", out.last_modified_user, wire::ReadString)
        .Read("lineItems", out.line_items, ReadCartLineItems)
        .ReadLenient("status", out.status, wire::ReadCartStatus)
        .Read("partnerOnRecordAttestationAccepted", out.partner_on_record_attestation_accepted,
              wire::ReadBool)
        .ReadLenient("links", out.links, ReadStandardLinks)
        .ReadLenient("attributes", out.attributes, ReadResourceAttributes)
        .ok();
  });
}

bool ReadPricing(const json::value& value, DecodeContext& context, Pricing& out) {
  return ForEachMember(value, context, [&](std::string_view key, const json::value& member) {
    return MemberReader(context, key, member)
        .Read("listPrice", out.list_price, wire::ReadDouble)
        .Read("discountedPrice", out.discounted_price, wire::ReadDouble)
        .Read("proratedPrice", out.prorated_price, wire::ReadDouble)
        .Read("price", out.price, wire::ReadDouble)
        .Read("extendedPrice", out.extended_price, wire::ReadDouble)
        .ok();
  });
}

bool ReadOrderLineItemLinks(const json::value& value, DecodeContext& context,
                            OrderLineItemLinks& out) {
  return ForEachMember(value, context, [&](std::string_view key, const json::value& member) {
    return MemberReader(context, key, member)
        .Read("product", out.product, ReadLink)
        .Read("sku", out.sku, ReadLink)
        .Read("availability", out.availability, ReadLink)
        .Read("subscription", out.subscription, ReadLink)
        .Read("provisioningStatus", out.provisioning_status, ReadLink)
        .Read("activationLinks", out.activation_links, ReadLink)
        .ok();
  });
}

bool ReadOrderLineItem(const json::value& value, DecodeContext& context, OrderLineItem& out) {
  return ForEachMember(value, context, [&](std::string_view key, const json::value& member) {
    return MemberReader(context, key, member)
        .Read("lineItemNumber", out.line_item_number, wire::ReadInt)
        .Read("offerId", out.offer_id, wire::ReadString)
        .Read("subscriptionId", out.subscription_id, wire::ReadString)
        .Read("parentSubscriptionId", out.parent_subscription_id, wire::ReadString)
        .Read("termDuration", out.term_duration, wire::ReadString)
        .Read("renewsTo", out.renews_to, ReadRenewsTo)
        .Read("transactionType", out.transaction_type, wire::ReadString)
        .Read("promotionId", out.promotion_id, wire::ReadString)
        .Read("customTermEndDate", out.custom_term_end_date, wire::ReadTimestamp)
        .Read("friendlyName", out.friendly_name, wire::ReadString)
        .Read("quantity", out.quantity, wire::ReadInt)
        .Read("pricing", out.pricing, ReadPricing)
        .Read("partnerIdOnRecord", out.partner_id_on_record, wire::ReadString)
        .Read("additionalPartnerIdsOnRecord", out.additional_partner_ids_on_record,
              wire::ReadStringArray)
        .Read("provisioningContext", out.provisioning_context, wire::ReadStringPairs)
        .Read("attestationAccepted", out.attestation_accepted, wire::ReadBool)
        .Read("links", out.links, ReadOrderLineItemLinks)
        .ok();
  });
}

bool ReadOrderLinks(const json::value& value, DecodeContext& context, OrderLinks& out) {
  return ForEachMember(value, context, [&](std::string_view key, const json::value& member) {
    return MemberReader(context, key, member)
        .Read("self", out.self, ReadLink)
        .Read("provisioningStatus", out.provisioning_status, ReadLink)
        .Read("patchOperation", out.patch_operation, ReadLink)
        .ok();
  });
}

bool ReadOrder(const json::value& value, DecodeContext& context, Order& out) {
  return ForEachMember(value, context, [&](std::string_view key, const json::value& member) {
    return MemberReader(context, key, member)
        .Read("id", out.id, wire::ReadString)
        .Read("alternateId", out.alternate_id, wire::ReadString)
        .Read("referenceCustomerId", out.reference_customer_id, wire::ReadString)
        .Read("billingCycle", out.billing_cycle, wire::ReadBillingCycle)
        .Read("currencyCode", out.currency_code, wire::ReadString)
        .Read("currencySymbol", out.currency_symbol, wire::ReadString)
        .Read("lineItems", out.line_items,
              [](const json::value& v, DecodeContext& c, std::vector<OrderLineItem>& lines) {
                return wire::ReadArray(v, c, lines, ReadOrderLineItem);
              })
        .Read("creationDate", out.creation_date, wire::ReadTimestamp)
        .Read("status", out.status, wire::ReadString)
        .Read("transactionType", out.transaction_type, wire::ReadString)
        .Read("totalPrice", out.total_price, wire::ReadDouble)
        .Read("partnerOnRecordAttestationAccepted", out.partner_on_record_attestation_accepted,
              wire::ReadBool)
        .Read("links", out.links, ReadOrderLinks)
        .Read("attributes", out.attributes, ReadResourceAttributes)
        .ok();
  });
}

bool ReadOrders(const json::value& value, DecodeContext& context, std::vector<Order>& out) {
  return wire::ReadArray(value, context, out, ReadOrder);
}

bool ReadOrderError(const json::value& value, DecodeContext& context, OrderError& out) {
  return ForEachMember(value, context, [&](std::string_view key, const json::value& member) {
    return MemberReader(context, key, member)
        .Read("orderGroupId", out.order_group_id, wire::ReadString)
        .Read("code", out.code, wire::ReadInt)
        .Read("description", out.description, wire::ReadString)
        .Read("attributes", out.attributes, ReadResourceAttributes)
        .ok();
  });
}

bool ReadCartCheckoutResult(const json::value& value, DecodeContext& context,
                            CartCheckoutResult& out) {
  return ForEachMember(value, context, [&](std::string_view key, const json::value& member) {
    return MemberReader(context, key, member)
        .Read("orders", out.orders, ReadOrders)
        .Read("orderErrors", out.order_errors,
              [](const json::value& v, DecodeContext& c, std::vector<OrderError>& errors) {
                return wire::ReadArray(v, c, errors, ReadOrderError);
              })
        .Read("attributes", out.attributes, ReadResourceAttributes)
        .ok();
  });
}

bool ReadOrderCollection(const json::value& value, DecodeContext& context, OrderCollection& out) {
  return ForEachMember(value, context, [&](std::string_view key, const json::value& member) {
    return MemberReader(context, key, member)
        .Read("totalCount", out.total_count, wire::ReadInt)
        .Read("items", out.items, ReadOrders)
        .Read("attributes", out.attributes, ReadResourceAttributes)
        .ok();
  });
}

bool ReadApiFault(const json::value& value, DecodeContext& context, ApiFault& out) {
  return ForEachMember(value, context, [&](std::string_view key, const json::value& member) {
    return MemberReader(context, key, member)
        .Read("code", out.code, wire::ReadIntOrNumericString)
        .Read("description", out.description, wire::ReadString)
        .Read("data", out.data_json,
              [](const json::value& v, DecodeContext& c, std::vector<std::string>& data) {
                return wire::ReadArray(v, c, data, wire::ReadJsonText);
              })
        .Read("source", out.source, wire::ReadString)
        .ok();
  });
}

template <typename T, typename ReadDocument>
Result<T> Parse(std::string_view text, const ParseOptions& options, ReadDocument read) {
  try {
    // Bodies are small and the tree is dropped on return: a bump allocator, starting on the
    // stack, saves most allocations.
    unsigned char initial_buffer[4096];
    json::monotonic_resource resource(initial_buffer, sizeof(initial_buffer));
    Result<json::value> document = wire::ReadJson(text, options, &resource);
    if (!document.ok()) {
      return document.error();
    }
    DecodeContext context;
    T out{};
    if (!read(*document, context, out)) {
      return context.error();
    }
    return out;
  } catch (const std::exception& e) {
    return wire::InvalidJsonError(std::string("Invalid JSON: the document could not be read (") +
                                  e.what() + ")");
  }
}

}  // namespace

Result<Cart> ParseCart(std::string_view json, const ParseOptions& options) {
  return Parse<Cart>(json, options, ReadCart);
}

Result<CartLineItem> ParseCartLineItem(std::string_view json, const ParseOptions& options) {
  return Parse<CartLineItem>(json, options, ReadCartLineItem);
}

Result<CartCheckoutResult> ParseCartCheckoutResult(std::string_view json,
                                                   const ParseOptions& options) {
  return Parse<CartCheckoutResult>(json, options, ReadCartCheckoutResult);
}

Result<Order> ParseOrder(std::string_view json, const ParseOptions& options) {
  return Parse<Order>(json, options, ReadOrder);
}

Result<OrderCollection> ParseOrderCollection(std::string_view json, const ParseOptions& options) {
  return Parse<OrderCollection>(json, options, ReadOrderCollection);
}

Result<ApiFault> ParseApiFault(std::string_view json, const ParseOptions& options) {
  return Parse<ApiFault>(json, options, ReadApiFault);
}

}  // namespace partnercenter
