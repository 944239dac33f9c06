// JSON encoding of the contract's types (partnercenter/models.h): the cart API's and the products
// API's.
//
// Writing produces exactly what Partner Center sends: camelCase member names in the contract's
// order, absent (nullopt) members omitted, empty containers kept (an engaged optional holding an
// empty vector is written as []), timestamps as FormatTimestamp writes them, provisioningContext
// keys camel-cased (values untouched), enums in their wire spelling, CartError::error_code as an
// integer, doubles in the shortest form that reads back exactly, no BOM, no insignificant
// whitespace. Strings are escaped per RFC 8259 (control characters as \u00XX) and otherwise
// written as UTF-8; bytes that are not valid UTF-8 become U+FFFD, so the output is always valid
// JSON. Raw JSON fields (CartError::additional_information_json, ApiFault::data_json,
// Sku::dynamic_attributes_json) are written as they are and must hold valid JSON; a NaN or
// infinite double is written as null.
//
// Reading accepts what real clients send: member names in any case ("LineItems", "lineitems"),
// `null` as absent (also inside provisioningContext), unknown members ignored, "catalogId" as an
// alias of "catalogItemId" (both at once is an error), "addOnItems" (the Java SDK) as
// "addonItems", line ids as numbers or decimal strings, enums as snake_case or PascalCase in any
// case or as their integer value, participants as {"Key","Value"}. Integers must be JSON integers
// (no fraction or exponent) within int32. Members that the server manages (Cart id, timestamps,
// lastModifiedUser, status, links, attributes; line currencyCode, orderGroup, purchaseSystem,
// error) are read when well-formed and treated as absent when not, because the SDKs echo them back
// in odd forms; a CartError errorCode may be an integer or a CartErrorCode name.
// It is strict about the JSON itself: exactly one JSON value and nothing but whitespace after it,
// valid UTF-8, no duplicate member names within an object (compared ignoring ASCII case), nesting
// and string sizes within ParseOptions, numbers that fit a double. Each Parse function requires
// the top-level value to be an object.
//
// Errors (Error::code is 0: what a service answers for them is the service's business):
//   kInvalidJson  malformed JSON or a limit exceeded ("Invalid JSON: unexpected character '{' at
//                 line 2, column 5"; 1-based, columns count bytes), a member of the wrong type or
//                 out of range, named by its path ("lineItems[1].addonItems[0].quantity: expected
//                 an integer"), both catalogId and catalogItemId on one line
//   kInvalidEnum  an enum value that cannot be parsed ("Unable to parse enum: 'yearly' is not a
//                 valid BillingCycle value (lineItems[0].billingCycle)")
// Reading does not check what is required (a line without quantity parses); that is the
// service's job.
//
// Thread-safety: every function is reentrant and shares no state.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "partnercenter/models.h"
#include "partnercenter/result.h"

namespace partnercenter {

// Limits that bound the work and memory a hostile body can cost while it is parsed.
struct ParseOptions {
  std::size_t max_depth = 32;           // nesting of arrays and objects; the top level is 1
  std::size_t max_string_bytes = 1024;  // any string or member name, in bytes of UTF-8 after
                                        // unescaping
};

Result<Cart> ParseCart(std::string_view json, const ParseOptions& options = {});
Result<CartLineItem> ParseCartLineItem(std::string_view json, const ParseOptions& options = {});
Result<CartCheckoutResult> ParseCartCheckoutResult(std::string_view json,
                                                   const ParseOptions& options = {});
Result<Order> ParseOrder(std::string_view json, const ParseOptions& options = {});
Result<OrderCollection> ParseOrderCollection(std::string_view json,
                                             const ParseOptions& options = {});
Result<ApiFault> ParseApiFault(std::string_view json, const ParseOptions& options = {});
Result<ProvisioningStatusCollection> ParseProvisioningStatusCollection(
    std::string_view json, const ParseOptions& options = {});
Result<Subscription> ParseSubscription(std::string_view json, const ParseOptions& options = {});
Result<SubscriptionCollection> ParseSubscriptionCollection(std::string_view json,
                                                           const ParseOptions& options = {});
Result<Product> ParseProduct(std::string_view json, const ParseOptions& options = {});
Result<Sku> ParseSku(std::string_view json, const ParseOptions& options = {});
Result<Availability> ParseAvailability(std::string_view json, const ParseOptions& options = {});
Result<ProductCollection> ParseProductCollection(std::string_view json,
                                                 const ParseOptions& options = {});
Result<SkuCollection> ParseSkuCollection(std::string_view json, const ParseOptions& options = {});
Result<AvailabilityCollection> ParseAvailabilityCollection(std::string_view json,
                                                           const ParseOptions& options = {});

std::string ToJson(const Cart& cart);
std::string ToJson(const CartLineItem& line);
std::string ToJson(const CartCheckoutResult& result);
std::string ToJson(const Order& order);
std::string ToJson(const OrderCollection& collection);
std::string ToJson(const ApiFault& fault);
std::string ToJson(const ProvisioningStatusCollection& collection);
std::string ToJson(const Subscription& subscription);
std::string ToJson(const SubscriptionCollection& collection);
std::string ToJson(const Product& product);
std::string ToJson(const Sku& sku);
std::string ToJson(const Availability& availability);
std::string ToJson(const ProductCollection& collection);
std::string ToJson(const SkuCollection& collection);
std::string ToJson(const AvailabilityCollection& collection);

// Writes the JSON of a collection of orders or subscriptions an item at a time into a string the
// caller owns, for a list too long to be held whole as a ResourceCollection (cartd renders a
// customer's orders this way, a page at a time). What `out` holds after Finish is byte for byte
// what ToJson writes of the collection whose items are those added, in order, whose totalCount
// is their number, and whose links and attributes are those given to Finish, appended to what
// `out` held before. totalCount precedes the items: the encoder leaves room for it and fills it
// in at Finish, closing the gap that is left over (which moves the text written so far once).
//
//   std::string body;
//   CollectionEncoder<Order> encoder(body);
//   for (const Order& order : page) encoder.Add(order);  // encoded at once; need not be kept
//   encoder.Finish(links, attributes);
//
// Until Finish, `out` holds an unfinished document and must not be changed otherwise. Not
// thread-safe.
template <typename T>
class CollectionEncoder {
 public:
  // Appends to `out`, which must outlive the encoder.
  explicit CollectionEncoder(std::string& out);
  CollectionEncoder(const CollectionEncoder&) = delete;
  CollectionEncoder& operator=(const CollectionEncoder&) = delete;

  void Add(const T& item);
  // How many items were added.
  int count() const { return count_; }
  // Completes the document. Called once; nothing is added after it.
  void Finish(const std::optional<StandardLinks>& links,
              const std::optional<ResourceAttributes>& attributes);

 private:
  std::string& out_;
  std::size_t start_;  // where the collection's document starts in out_
  int count_ = 0;
};

extern template class CollectionEncoder<Order>;
extern template class CollectionEncoder<Subscription>;

// Partner Center's (Newtonsoft's) camel-casing of dictionary keys: a key that starts with a
// capital has its leading run of capitals lower-cased, except that the last capital of the run
// stays when a lower-case letter follows it: "SubscriptionId" -> "subscriptionId", "ID" -> "id",
// "URLValue" -> "urlValue"; "subscriptionId" is unchanged. Only ASCII letters are changed.
std::string CamelCaseKey(std::string_view key);

}  // namespace partnercenter
