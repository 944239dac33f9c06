// The ToJson functions of partnercenter/json.h. Member order is Partner Center's (contract §9);
// absent optionals are left out and empty containers kept.
#include <cstddef>
#include <string>

#include "partnercenter/json.h"
#include "wire/json_writer.h"

namespace partnercenter {
namespace {

using wire::JsonWriter;

void Member(JsonWriter& w, std::string_view name, const std::optional<std::string>& value) {
  if (value) {
    w.Key(name);
    w.String(*value);
  }
}

void Member(JsonWriter& w, std::string_view name, const std::optional<int>& value) {
  if (value) {
    w.Key(name);
    w.Int(*value);
  }
}

void Member(JsonWriter& w, std::string_view name, const std::optional<bool>& value) {
  if (value) {
    w.Key(name);
    w.Bool(*value);
  }
}

void Member(JsonWriter& w, std::string_view name, const std::optional<double>& value) {
  if (value) {
    w.Key(name);
    w.Double(*value);
  }
}

void Member(JsonWriter& w, std::string_view name, const std::optional<Timestamp>& value) {
  if (value) {
    w.Key(name);
    w.Timestamp(*value);
  }
}

// An optional member written by `write(w, value)`.
template <typename T, typename Write>
void Member(JsonWriter& w, std::string_view name, const std::optional<T>& value, Write write) {
  if (value) {
    w.Key(name);
    write(w, *value);
  }
}

template <typename T, typename Write>
void Array(JsonWriter& w, const std::vector<T>& values, Write write) {
  w.BeginArray();
  for (const T& value : values) {
    write(w, value);
  }
  w.EndArray();
}

void WriteStringArray(JsonWriter& w, const std::vector<std::string>& values) {
  Array(w, values, [](JsonWriter& writer, const std::string& value) { writer.String(value); });
}

void WriteKeyValue(JsonWriter& w, const KeyValue& pair) {
  w.BeginObject();
  w.Key("key");
  w.String(pair.key);
  w.Key("value");
  w.String(pair.value);
  w.EndObject();
}

void WriteLink(JsonWriter& w, const Link& link) {
  w.BeginObject();
  w.Key("uri");
  w.String(link.uri);
  w.Key("method");
  w.String(link.method);
  w.Key("headers");
  Array(w, link.headers, WriteKeyValue);
  Member(w, "body", link.body);
  w.EndObject();
}

void WriteResourceAttributes(JsonWriter& w, const ResourceAttributes& attributes) {
  w.BeginObject();
  Member(w, "etag", attributes.etag);
  Member(w, "objectType", attributes.object_type);
  w.EndObject();
}

void WriteStandardLinks(JsonWriter& w, const StandardLinks& links) {
  w.BeginObject();
  Member(w, "self", links.self, WriteLink);
  w.EndObject();
}

void WriteRenewsTo(JsonWriter& w, const RenewsTo& renews_to) {
  w.BeginObject();
  Member(w, "termDuration", renews_to.term_duration);
  w.EndObject();
}

void WriteParticipant(JsonWriter& w, const Participant& participant) {
  w.BeginObject();
  w.Key("key");
  w.String(ToString(participant.key));
  w.Key("value");
  w.String(participant.value);
  w.EndObject();
}

// Keys camel-cased as Partner Center's serializer does for dictionaries; values untouched.
void WriteProvisioningContext(JsonWriter& w, const StringPairs& pairs) {
  w.BeginObject();
  for (const auto& [key, value] : pairs) {
    w.EscapedKey(CamelCaseKey(key));
    w.String(value);
  }
  w.EndObject();
}

void WriteCartError(JsonWriter& w, const CartError& error) {
  w.BeginObject();
  w.Key("errorCode");
  w.Int(error.error_code);
  w.Key("errorDescription");
  w.String(error.error_description);
  if (error.additional_information_json) {
    w.Key("additionalInformation");
    w.Raw(*error.additional_information_json);
  }
  w.EndObject();
}

void WriteBillingCycle(JsonWriter& w, BillingCycle cycle) { w.String(ToString(cycle)); }

void WriteCartLineItem(JsonWriter& w, const CartLineItem& line) {
  w.BeginObject();
  Member(w, "id", line.id);
  Member(w, "catalogItemId", line.catalog_item_id);
  Member(w, "friendlyName", line.friendly_name);
  w.Key("quantity");
  w.Int(line.quantity);
  Member(w, "currencyCode", line.currency_code);
  Member(w, "billingCycle", line.billing_cycle, WriteBillingCycle);
  Member(w, "termDuration", line.term_duration);
  Member(w, "promotionId", line.promotion_id);
  Member(w, "customTermEndDate", line.custom_term_end_date);
  Member(w, "attestationAccepted", line.attestation_accepted);
  Member(w, "renewsTo", line.renews_to, WriteRenewsTo);
  Member(w, "participants", line.participants,
         [](JsonWriter& writer, const std::vector<Participant>& participants) {
           Array(writer, participants, WriteParticipant);
         });
  Member(w, "provisioningContext", line.provisioning_context, WriteProvisioningContext);
  Member(w, "orderGroup", line.order_group);
  Member(w, "purchaseSystem", line.purchase_system);
  Member(w, "addonItems", line.addon_items,
         [](JsonWriter& writer, const std::vector<CartLineItem>& addons) {
           Array(writer, addons, WriteCartLineItem);
         });
  Member(w, "error", line.error, WriteCartError);
  w.EndObject();
}

void WriteCart(JsonWriter& w, const Cart& cart) {
  w.BeginObject();
  Member(w, "id", cart.id);
  Member(w, "creationTimestamp", cart.creation_timestamp);
  Member(w, "lastModifiedTimestamp", cart.last_modified_timestamp);
  Member(w, "expirationTimestamp", cart.expiration_timestamp);
  Member(w, "lastModifiedUser", cart.last_modified_user);
  Member(w, "status", cart.status,
         [](JsonWriter& writer, CartStatus status) { writer.String(ToString(status)); });
  Member(w, "partnerOnRecordAttestationAccepted", cart.partner_on_record_attestation_accepted);
  w.Key("lineItems");
  Array(w, cart.line_items, WriteCartLineItem);
  Member(w, "links", cart.links, WriteStandardLinks);
  Member(w, "attributes", cart.attributes, WriteResourceAttributes);
  w.EndObject();
}

void WritePricing(JsonWriter& w, const Pricing& pricing) {
  w.BeginObject();
  Member(w, "listPrice", pricing.list_price);
  Member(w, "discountedPrice", pricing.discounted_price);
  Member(w, "proratedPrice", pricing.prorated_price);
  Member(w, "price", pricing.price);
  Member(w, "extendedPrice", pricing.extended_price);
  w.EndObject();
}

void WriteOrderLineItemLinks(JsonWriter& w, const OrderLineItemLinks& links) {
  w.BeginObject();
  Member(w, "product", links.product, WriteLink);
  Member(w, "sku", links.sku, WriteLink);
  Member(w, "availability", links.availability, WriteLink);
  Member(w, "subscription", links.subscription, WriteLink);
  Member(w, "provisioningStatus", links.provisioning_status, WriteLink);
  Member(w, "activationLinks", links.activation_links, WriteLink);
  w.EndObject();
}

void WriteOrderLineItem(JsonWriter& w, const OrderLineItem& line) {
  w.BeginObject();
  w.Key("lineItemNumber");
  w.Int(line.line_item_number);
  w.Key("offerId");
  w.String(line.offer_id);
  Member(w, "subscriptionId", line.subscription_id);
  Member(w, "parentSubscriptionId", line.parent_subscription_id);
  Member(w, "termDuration", line.term_duration);
  Member(w, "renewsTo", line.renews_to, WriteRenewsTo);
  Member(w, "transactionType", line.transaction_type);
  Member(w, "promotionId", line.promotion_id);
  Member(w, "customTermEndDate", line.custom_term_end_date);
  Member(w, "friendlyName", line.friendly_name);
  w.Key("quantity");
  w.Int(line.quantity);
  Member(w, "pricing", line.pricing, WritePricing);
  Member(w, "partnerIdOnRecord", line.partner_id_on_record);
  Member(w, "additionalPartnerIdsOnRecord", line.additional_partner_ids_on_record,
         WriteStringArray);
  Member(w, "provisioningContext", line.provisioning_context, WriteProvisioningContext);
  Member(w, "attestationAccepted", line.attestation_accepted);
  Member(w, "links", line.links, WriteOrderLineItemLinks);
  w.EndObject();
}

void WriteOrderLinks(JsonWriter& w, const OrderLinks& links) {
  w.BeginObject();
  Member(w, "self", links.self, WriteLink);
  Member(w, "provisioningStatus", links.provisioning_status, WriteLink);
  Member(w, "patchOperation", links.patch_operation, WriteLink);
  w.EndObject();
}

void WriteOrder(JsonWriter& w, const Order& order) {
  w.BeginObject();
  w.Key("id");
  w.String(order.id);
  Member(w, "alternateId", order.alternate_id);
  Member(w, "referenceCustomerId", order.reference_customer_id);
  Member(w, "billingCycle", order.billing_cycle, WriteBillingCycle);
  Member(w, "currencyCode", order.currency_code);
  Member(w, "currencySymbol", order.currency_symbol);
  w.Key("lineItems");
  Array(w, order.line_items, WriteOrderLineItem);
  Member(w, "creationDate", order.creation_date);
  Member(w, "status", order.status);
  Member(w, "transactionType", order.transaction_type);
  Member(w, "totalPrice", order.total_price);
  Member(w, "partnerOnRecordAttestationAccepted", order.partner_on_record_attestation_accepted);
  Member(w, "links", order.links, WriteOrderLinks);
  Member(w, "attributes", order.attributes, WriteResourceAttributes);
  w.EndObject();
}

void WriteOrderError(JsonWriter& w, const OrderError& error) {
  w.BeginObject();
  w.Key("orderGroupId");
  w.String(error.order_group_id);
  w.Key("code");
  w.Int(error.code);
  w.Key("description");
  w.String(error.description);
  Member(w, "attributes", error.attributes, WriteResourceAttributes);
  w.EndObject();
}

// A guess at the output size that avoids most regrowth of the string.
constexpr std::size_t kBytesPerCartLine = 400;
constexpr std::size_t kBytesPerOrder = 1500;
constexpr std::size_t kBaseBytes = 512;

}  // namespace

std::string ToJson(const Cart& cart) {
  std::string out;
  out.reserve(kBaseBytes + kBytesPerCartLine * cart.line_items.size());
  JsonWriter w(out);
  WriteCart(w, cart);
  return out;
}

std::string ToJson(const CartLineItem& line) {
  std::string out;
  out.reserve(kBytesPerCartLine);
  JsonWriter w(out);
  WriteCartLineItem(w, line);
  return out;
}

std::string ToJson(const CartCheckoutResult& result) {
  std::string out;
  out.reserve(kBaseBytes + kBytesPerOrder * result.orders.size());
  JsonWriter w(out);
  w.BeginObject();
  w.Key("orders");
  Array(w, result.orders, WriteOrder);
  w.Key("orderErrors");
  Array(w, result.order_errors, WriteOrderError);
  Member(w, "attributes", result.attributes, WriteResourceAttributes);
  w.EndObject();
  return out;
}

std::string ToJson(const Order& order) {
  std::string out;
  out.reserve(kBytesPerOrder);
  JsonWriter w(out);
  WriteOrder(w, order);
  return out;
}

std::string ToJson(const OrderCollection& collection) {
  std::string out;
  out.reserve(kBaseBytes + kBytesPerOrder * collection.items.size());
  JsonWriter w(out);
  w.BeginObject();
  w.Key("totalCount");
  w.Int(collection.total_count);
  w.Key("items");
  Array(w, collection.items, WriteOrder);
  Member(w, "attributes", collection.attributes, WriteResourceAttributes);
  w.EndObject();
  return out;
}

std::string ToJson(const ApiFault& fault) {
  std::string out;
  out.reserve(kBaseBytes);
  JsonWriter w(out);
  w.BeginObject();
  w.Key("code");
  w.Int(fault.code);
  w.Key("description");
  w.String(fault.description);
  w.Key("data");
  w.BeginArray();
  for (const std::string& json : fault.data_json) {
    w.Raw(json);
  }
  w.EndArray();
  Member(w, "source", fault.source);
  w.EndObject();
  return out;
}

std::string CamelCaseKey(std::string_view key) {
  // Newtonsoft's CamelCaseNamingStrategy: lower-case the leading run of capitals, except that
  // the last capital of a run stays when a lower-case letter follows it ("URLValue" ->
  // "urlValue"), and nothing changes when the key does not start with a capital.
  const auto is_upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  const auto to_lower = [](char c) { return static_cast<char>(c - 'A' + 'a'); };
  std::string out(key);
  if (out.empty() || !is_upper(out[0])) {
    return out;
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (i == 1 && !is_upper(out[i])) {
      break;
    }
    const bool has_next = i + 1 < out.size();
    if (i > 0 && has_next && !is_upper(out[i + 1])) {
      // "FOO bar" -> "foo bar": a capital before a space ends the run but is still lowered.
      if (out[i + 1] == ' ') {
        out[i] = to_lower(out[i]);
      }
      break;
    }
    out[i] = to_lower(out[i]);
  }
  return out;
}

}  // namespace partnercenter
