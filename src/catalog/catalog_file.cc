#include "catalog/catalog_file.h"

#include <algorithm>
#include <array>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <climits>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "partnercenter/json.h"
#include "wire/json_reader.h"
#include "wire/json_writer.h"

namespace cartd::catalog {
namespace {

using JsonNode = boost::json::value;
using JsonArray = boost::json::array;
using partnercenter::BillingCycle;

// Catalog files are written by hand and read once: generous limits.
constexpr partnercenter::ParseOptions kCatalogParseOptions{.max_depth = 32,
                                                           .max_string_bytes = 1u << 20};

// Prices are read as doubles, which keep 15 significant decimal digits exactly (DBL_DIG): a price
// has at most that many, and then converts to minor units exactly.
constexpr std::size_t kMaxPriceDigits = 15;

constexpr std::array<std::pair<std::string_view, BillingCycle>, 6> kBillingCycles{{
    {"monthly", BillingCycle::kMonthly},
    {"annual", BillingCycle::kAnnual},
    {"none", BillingCycle::kNone},
    {"one_time", BillingCycle::kOneTime},
    {"triennial", BillingCycle::kTriennial},
    {"biennial", BillingCycle::kBiennial},
}};

std::string UpperCase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

// "null", "a boolean", "a number", "a string", "an array", "an object": for messages such as
// "expected a string, found a number".
std::string_view KindName(const JsonNode& value) {
  switch (value.kind()) {
    case boost::json::kind::null:
      return "null";
    case boost::json::kind::bool_:
      return "a boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_:
      return "a number";
    case boost::json::kind::string:
      return "a string";
    case boost::json::kind::array:
      return "an array";
    case boost::json::kind::object:
      return "an object";
  }
  return "a value";
}

std::string_view Text(const boost::json::string& text) { return {text.data(), text.size()}; }

// A JSON number as decimal text that has its exact value: integers as they are, doubles in the
// shortest form that reads back as the same double ("36.00" was read as 36 and gives "36").
std::string NumberText(const JsonNode& number) {
  char buffer[32];
  std::to_chars_result result{};
  if (const std::int64_t* integer = number.if_int64()) {
    result = std::to_chars(buffer, buffer + sizeof(buffer), *integer);
  } else if (const std::uint64_t* big = number.if_uint64()) {
    result = std::to_chars(buffer, buffer + sizeof(buffer), *big);
  } else {
    result = std::to_chars(buffer, buffer + sizeof(buffer), number.get_double());
  }
  return std::string(buffer, result.ptr);
}

bool IsUpperAlpha(std::string_view text, std::size_t length) {
  return text.size() == length &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// "P1M", "P12M", "P1Y", "P3Y": a whole number (1-999) of months or years, as cart lines'
// termDuration states it.
bool IsTermDuration(std::string_view text) {
  if (text.size() < 3 || text.size() > 5 || text.front() != 'P') return false;
  if (text.back() != 'M' && text.back() != 'Y') return false;
  const std::string_view number = text.substr(1, text.size() - 2);
  return number.front() != '0' &&
         std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Catalog ids are what Partner Center uses: letters and digits, plus the '-' of legacy offer ids
// and GUIDs. ':' only appears where a catalog item id is written whole.
bool IsIdText(std::string_view text, bool allow_colon) {
  return std::all_of(text.begin(), text.end(), [&](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
           (allow_colon && c == ':');
  });
}

int DecimalDigits(int minor_units) {
  int digits = 0;
  for (int units = minor_units; units > 1; units /= 10) ++digits;
  return digits;
}

// Converts a number in JSON's grammar (as NumberText gives it) to minor units of a currency with
// `digits` decimals, exactly: "36" -> 3600 for 2 digits. Errors: kInvalidInput with the problem
// alone.
StatusOr<std::int64_t> ToMinorUnits(std::string_view number, std::string_view currency,
                                    int digits) {
  // -?int(.frac)?([eE][+-]?exp)?
  std::size_t i = 0;
  const bool negative = number[i] == '-';
  if (negative) ++i;
  std::string significand;
  std::size_t fraction_digits = 0;
  bool in_fraction = false;
  for (; i < number.size() && number[i] != 'e' && number[i] != 'E'; ++i) {
    if (number[i] == '.') {
      in_fraction = true;
      continue;
    }
    significand.push_back(number[i]);
    if (in_fraction) ++fraction_digits;
  }
  long long exponent = 0;
  if (i < number.size()) {
    ++i;
    bool exponent_negative = false;
    if (number[i] == '+' || number[i] == '-') exponent_negative = number[i++] == '-';
    for (; i < number.size(); ++i) {
      // Far beyond any price either way; clamping keeps the arithmetic in range.
      exponent = std::min(exponent * 10 + (number[i] - '0'), 100'000LL);
    }
    if (exponent_negative) exponent = -exponent;
  }

  significand.erase(0, std::min(significand.find_first_not_of('0'), significand.size()));
  if (significand.empty()) return std::int64_t{0};
  if (negative) return InvalidInput("must not be negative");

  long long scale = static_cast<long long>(fraction_digits) - exponent;
  while (scale > 0 && significand.back() == '0') {
    significand.pop_back();
    --scale;
  }
  if (scale > digits) {
    return InvalidInput(std::string(number) + " has more decimal places than " +
                        std::string(currency) + " has (" + std::to_string(digits) + ")");
  }
  // More digits than a double carries: the number in the file may not be this one.
  if (significand.find_last_not_of('0') + 1 > kMaxPriceDigits) {
    return InvalidInput(std::string(number) + " has more than " + std::to_string(kMaxPriceDigits) +
                        " significant digits");
  }
  const long long shift = digits - scale;
  // 18 digits always fit in an int64.
  if (static_cast<long long>(significand.size()) + shift > 18) {
    return InvalidInput(std::string(number) + " is too large");
  }
  std::int64_t minor = 0;
  for (char c : significand) minor = minor * 10 + (c - '0');
  for (long long k = 0; k < shift; ++k) minor *= 10;
  return minor;
}

// Where an entry sits in the file, for messages: "products[2].skus[0] (CFQ7TTC0LFLS:0002)".
class Context {
 public:
  Context(std::string_view source, std::string path, std::string label)
      : source_(source), where_(std::move(path)) {
    if (!label.empty()) where_ += " (" + label + ")";
  }

  const std::string& where() const { return where_; }

  Status Error(std::string_view detail) const {
    std::string message(source_);
    message += ": ";
    if (!where_.empty()) message += where_ + ": ";
    message += detail;
    return InvalidInput(std::move(message));
  }

 private:
  std::string_view source_;
  std::string where_;
};

// Reads the members of one JSON object of the file. `prefix` names the object within the
// entry that `context` describes ("terms[1]"), empty for the entry itself.
class ObjectReader {
 public:
  ObjectReader(const Context& context, std::string prefix, const JsonNode& node)
      : context_(context), prefix_(std::move(prefix)), node_(node) {}

  // Checks that the node is an object, that no member is given twice, and that every member is
  // one of `allowed`.
  // (The JSON reader has already refused members given twice, even in different cases.)
  Status Check(std::initializer_list<std::string_view> allowed) const {
    const boost::json::object* object = node_.if_object();
    if (object == nullptr) {
      return Problem("expected an object, found " + std::string(KindName(node_)));
    }
    for (const auto& member : *object) {
      const std::string_view name(member.key().data(), member.key().size());
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        return Problem("unknown member " + Quoted(name));
      }
    }
    return Status::Ok();
  }

  const Context& context() const { return context_; }

  // The member's value; nullptr when it is absent or null.
  const JsonNode* Find(std::string_view name) const {
    const boost::json::object* object = node_.if_object();
    const JsonNode* value = object == nullptr ? nullptr : object->if_contains(name);
    return value == nullptr || value->is_null() ? nullptr : value;
  }

  // "terms[1].duration", or "duration" at the entry itself.
  std::string PathOf(std::string_view name) const {
    return prefix_.empty() ? std::string(name) : prefix_ + "." + std::string(name);
  }

  // A problem with the member `name`: "<path>: <detail>".
  Status Error(std::string_view name, std::string_view detail) const {
    return context_.Error(PathOf(name) + ": " + std::string(detail));
  }

  // A problem with this object as a whole.
  Status Problem(std::string_view detail) const {
    return context_.Error(prefix_.empty() ? std::string(detail)
                                          : prefix_ + ": " + std::string(detail));
  }

  Status WrongKind(std::string_view name, const JsonNode& value, std::string_view expected) const {
    return Error(name,
                 "expected " + std::string(expected) + ", found " + std::string(KindName(value)));
  }

  // A string member that must be present and not empty.
  StatusOr<std::string> RequiredString(std::string_view name) const {
    CARTD_ASSIGN_OR_RETURN(std::optional<std::string> value, OptionalString(name));
    if (!value) return context_.Error(PathOf(name) + " is required");
    return std::move(*value);
  }

  // A string member that may be absent but not empty.
  StatusOr<std::optional<std::string>> OptionalString(std::string_view name) const {
    const JsonNode* value = Find(name);
    if (value == nullptr) return std::optional<std::string>();
    if (!value->is_string()) return WrongKind(name, *value, "a string");
    if (value->get_string().empty()) return context_.Error(PathOf(name) + " must not be empty");
    return std::optional<std::string>(Text(value->get_string()));
  }

  // A string member whose empty value counts as absent: descriptions, which files written before
  // cartd showed them may leave empty.
  StatusOr<std::optional<std::string>> OptionalText(std::string_view name) const {
    const JsonNode* value = Find(name);
    if (value == nullptr) return std::optional<std::string>();
    if (!value->is_string()) return WrongKind(name, *value, "a string");
    if (value->get_string().empty()) return std::optional<std::string>();
    return std::optional<std::string>(Text(value->get_string()));
  }

  StatusOr<std::optional<bool>> OptionalBool(std::string_view name) const {
    const JsonNode* value = Find(name);
    if (value == nullptr) return std::optional<bool>();
    if (!value->is_bool()) return WrongKind(name, *value, "a boolean");
    return std::optional<bool>(value->get_bool());
  }

  // A count of seats: a whole number from 1 to INT_MAX.
  StatusOr<std::optional<int>> OptionalCount(std::string_view name) const {
    const JsonNode* value = Find(name);
    if (value == nullptr) return std::optional<int>();
    if (!value->is_number()) return WrongKind(name, *value, "a number");
    if (value->is_double()) return Error(name, "must be a whole number");
    // Only integers above INT64_MAX are read as uint64.
    const std::int64_t count = value->is_int64() ? value->get_int64() : INT64_MAX;
    if (count < 1) return Error(name, "must be at least 1");
    if (count > INT_MAX) return Error(name, "must be at most " + std::to_string(INT_MAX));
    return std::optional<int>(static_cast<int>(count));
  }

  // The elements of an array member; empty when the member is absent.
  StatusOr<const JsonArray*> Array(std::string_view name) const {
    static const JsonArray kNone;
    const JsonNode* value = Find(name);
    if (value == nullptr) return &kNone;
    if (!value->is_array()) return WrongKind(name, *value, "an array");
    return &value->get_array();
  }

  // An array of distinct (compared case-insensitively), non-empty strings; empty when absent.
  StatusOr<std::vector<std::string>> StringList(std::string_view name) const {
    CARTD_ASSIGN_OR_RETURN(const JsonArray* elements, Array(name));
    std::vector<std::string> out;
    for (std::size_t i = 0; i < elements->size(); ++i) {
      const JsonNode& element = (*elements)[i];
      const std::string element_name = std::string(name) + "[" + std::to_string(i) + "]";
      if (!element.is_string()) return WrongKind(element_name, element, "a string");
      const std::string_view text = Text(element.get_string());
      if (text.empty()) return context_.Error(PathOf(element_name) + " must not be empty");
      for (const std::string& previous : out) {
        if (UpperCase(previous) == UpperCase(text)) {
          return Error(name, Quoted(text) + " is listed twice");
        }
      }
      out.emplace_back(text);
    }
    return out;
  }

 private:
  const Context& context_;
  std::string prefix_;
  const JsonNode& node_;
};

std::string Indexed(std::string_view path, std::string_view member, std::size_t index) {
  std::string out(path);
  if (!out.empty()) out += ".";
  out += member;
  out += "[" + std::to_string(index) + "]";
  return out;
}

// The string value of `name` in `node` when there is one, for labelling an entry whose checks
// have not run yet.
std::string LabelPart(const JsonNode& node, std::string_view name) {
  const boost::json::object* object = node.if_object();
  if (object == nullptr) return "";
  const JsonNode* value = object->if_contains(name);
  if (value == nullptr || !value->is_string()) return "";
  return std::string(Text(value->get_string()));
}

// Reads a whole catalog file, entry by entry, then checks what spans entries (unique ids,
// add-on parents).
class CatalogReader {
 public:
  explicit CatalogReader(std::string_view source) : source_(source) {}

  // The file's items, and its products with their SKUs listing the items' positions.
  struct Contents {
    std::vector<CatalogItem> items;
    std::vector<CatalogProduct> products;
  };

  StatusOr<Contents> Read(const JsonNode& root) {
    const Context top(source_, "", "");
    const ObjectReader document(top, "", root);
    CARTD_RETURN_IF_ERROR(document.Check({"description", "products"}));
    CARTD_ASSIGN_OR_RETURN(const JsonArray* products, document.Array("products"));
    if (products->empty()) return document.Error("products", "at least one product is required");
    for (std::size_t i = 0; i < products->size(); ++i) {
      CARTD_RETURN_IF_ERROR(ReadProduct((*products)[i], Indexed("", "products", i)));
    }
    CARTD_RETURN_IF_ERROR(CheckUniqueIds());
    CARTD_RETURN_IF_ERROR(ResolveAddOns());
    Contents contents;
    contents.items.reserve(entries_.size());
    for (Entry& entry : entries_) contents.items.push_back(std::move(entry.item));
    contents.products = std::move(products_);
    return contents;
  }

 private:
  struct Entry {
    CatalogItem item;
    Context context;
    std::optional<std::string> addon_parent;  // as written in addonTo.catalogItemId
  };

  // What a SKU states for its availabilities to inherit.
  struct SkuDefaults {
    std::optional<std::vector<std::string>> provisioning_variables;
    std::optional<int> min_quantity;
    std::optional<int> max_quantity;
  };

  Status ReadProduct(const JsonNode& node, const std::string& path) {
    const std::string product_id = LabelPart(node, "id");
    const Context context(source_, path, product_id);
    const ObjectReader reader(context, "", node);
    CARTD_RETURN_IF_ERROR(
        reader.Check({"id", "title", "description", "kind", "productType", "publisherName",
                      "isMicrosoftProduct", "targetViews", "skus"}));
    CatalogProduct product;
    CARTD_ASSIGN_OR_RETURN(product.id, CheckId(reader, "id"));
    CARTD_ASSIGN_OR_RETURN(product.title, reader.RequiredString("title"));
    CARTD_ASSIGN_OR_RETURN(const std::optional<std::string> description,
                           reader.OptionalText("description"));
    product.description = description.value_or(product.title);

    CARTD_ASSIGN_OR_RETURN(const std::optional<partnercenter::ItemType> type,
                           ReadProductType(reader));
    CARTD_ASSIGN_OR_RETURN(const std::optional<std::string> kind, reader.OptionalString("kind"));
    if (kind) {
      const std::optional<ProductKind> known = ParseProductKind(*kind);
      if (!known || ProductKindName(*known) != *kind) {
        return reader.Error("kind", Quoted(*kind) +
                                        " is not a product kind (onlineServices, "
                                        "azureReservation, azurePlan, software or marketplace)");
      }
      product.kind = *known;
    } else if (type) {
      product.kind = KindOfProductType(*type);
    }
    product.product_type = type.value_or(DefaultProductType(product.kind));

    CARTD_ASSIGN_OR_RETURN(const std::optional<std::string> publisher,
                           reader.OptionalString("publisherName"));
    if (publisher) product.publisher_name = *publisher;
    CARTD_ASSIGN_OR_RETURN(const std::optional<bool> microsoft,
                           reader.OptionalBool("isMicrosoftProduct"));
    product.is_microsoft_product = microsoft.value_or(true);
    if (reader.Find("targetViews") != nullptr) {
      CARTD_ASSIGN_OR_RETURN(const std::vector<std::string> views,
                             reader.StringList("targetViews"));
      for (std::size_t v = 0; v < views.size(); ++v) {
        const std::optional<TargetView> view = ParseTargetView(views[v]);
        if (!view || TargetViewName(*view) != views[v]) {
          return reader.Error(
              Indexed("", "targetViews", v),
              Quoted(views[v]) + " is not a target view (" + TargetViewList() + ")");
        }
        product.target_views.push_back(*view);
      }
    } else {
      product.target_views = DefaultTargetViews(product.kind, product.product_type);
    }

    CARTD_ASSIGN_OR_RETURN(const JsonArray* skus, reader.Array("skus"));
    if (skus->empty()) return reader.Error("skus", "at least one SKU is required");
    for (std::size_t i = 0; i < skus->size(); ++i) {
      CARTD_ASSIGN_OR_RETURN(CatalogSku sku,
                             ReadSku((*skus)[i], Indexed(path, "skus", i), product));
      product.skus.push_back(std::move(sku));
    }
    products_.push_back(std::move(product));
    return Status::Ok();
  }

  // "productType": {"id", "displayName" (default: the id), "subType": {"id", "displayName"}}.
  static StatusOr<std::optional<partnercenter::ItemType>> ReadProductType(
      const ObjectReader& product) {
    const JsonNode* node = product.Find("productType");
    if (node == nullptr) return std::optional<partnercenter::ItemType>();
    const ObjectReader reader(product.context(), "productType", *node);
    CARTD_RETURN_IF_ERROR(reader.Check({"id", "displayName", "subType"}));
    partnercenter::ItemType type;
    CARTD_ASSIGN_OR_RETURN(type.id, reader.RequiredString("id"));
    CARTD_ASSIGN_OR_RETURN(const std::optional<std::string> name,
                           reader.OptionalString("displayName"));
    type.display_name = name.value_or(type.id);
    if (const JsonNode* sub_node = reader.Find("subType")) {
      const ObjectReader sub_reader(product.context(), "productType.subType", *sub_node);
      CARTD_RETURN_IF_ERROR(sub_reader.Check({"id", "displayName"}));
      partnercenter::ItemSubType sub_type;
      CARTD_ASSIGN_OR_RETURN(sub_type.id, sub_reader.RequiredString("id"));
      CARTD_ASSIGN_OR_RETURN(const std::optional<std::string> sub_name,
                             sub_reader.OptionalString("displayName"));
      sub_type.display_name = sub_name.value_or(sub_type.id);
      type.sub_type = std::move(sub_type);
    }
    return std::optional<partnercenter::ItemType>(std::move(type));
  }

  static std::string TargetViewList() {
    std::string list;
    for (int v = 0; v <= static_cast<int>(TargetView::kSpecializedOffers); ++v) {
      if (!list.empty()) list += ", ";
      list += TargetViewName(static_cast<TargetView>(v));
    }
    return list;
  }

  StatusOr<CatalogSku> ReadSku(const JsonNode& node, const std::string& path,
                               const CatalogProduct& product) {
    const std::string sku_id = LabelPart(node, "id");
    const Context context(source_, path, sku_id.empty() ? "" : product.id + ":" + sku_id);
    const ObjectReader reader(context, "", node);
    CARTD_RETURN_IF_ERROR(
        reader.Check({"id", "title", "description", "isTrial", "minQuantity", "maxQuantity",
                      "purchasePrerequisites", "inventoryVariables", "provisioningVariables",
                      "dynamicAttributes", "availabilities"}));
    CatalogSku sku;
    CARTD_ASSIGN_OR_RETURN(sku.id, CheckId(reader, "id"));
    sku.product_id = product.id;
    CARTD_ASSIGN_OR_RETURN(const std::optional<std::string> title, reader.OptionalString("title"));
    sku.title = title.value_or(product.title);
    CARTD_ASSIGN_OR_RETURN(const std::optional<std::string> description,
                           reader.OptionalText("description"));
    sku.description = description.value_or(sku.title);
    CARTD_ASSIGN_OR_RETURN(sku.is_trial, reader.OptionalBool("isTrial"));
    if (reader.Find("purchasePrerequisites") != nullptr) {
      CARTD_ASSIGN_OR_RETURN(sku.purchase_prerequisites,
                             reader.StringList("purchasePrerequisites"));
    } else {
      sku.purchase_prerequisites = DefaultPurchasePrerequisites(product.kind);
    }
    if (reader.Find("inventoryVariables") != nullptr) {
      CARTD_ASSIGN_OR_RETURN(sku.inventory_variables, reader.StringList("inventoryVariables"));
    } else {
      sku.inventory_variables = DefaultInventoryVariables(product.kind);
    }
    if (const JsonNode* attributes = reader.Find("dynamicAttributes")) {
      if (!attributes->is_object()) {
        return reader.WrongKind("dynamicAttributes", *attributes, "an object");
      }
      std::string text;
      partnercenter::wire::JsonWriter writer(text);
      writer.Value(*attributes);
      sku.dynamic_attributes_json = std::move(text);
    }

    SkuDefaults defaults;
    if (reader.Find("provisioningVariables") != nullptr) {
      CARTD_ASSIGN_OR_RETURN(defaults.provisioning_variables,
                             reader.StringList("provisioningVariables"));
    }
    CARTD_ASSIGN_OR_RETURN(defaults.min_quantity, reader.OptionalCount("minQuantity"));
    CARTD_ASSIGN_OR_RETURN(defaults.max_quantity, reader.OptionalCount("maxQuantity"));
    if (defaults.min_quantity && defaults.max_quantity &&
        *defaults.min_quantity > *defaults.max_quantity) {
      return context.Error("minQuantity " + std::to_string(*defaults.min_quantity) +
                           " is greater than maxQuantity " +
                           std::to_string(*defaults.max_quantity));
    }

    CARTD_ASSIGN_OR_RETURN(const JsonArray* availabilities, reader.Array("availabilities"));
    if (availabilities->empty()) {
      return reader.Error("availabilities", "at least one availability is required");
    }
    for (std::size_t i = 0; i < availabilities->size(); ++i) {
      CARTD_RETURN_IF_ERROR(ReadAvailability((*availabilities)[i],
                                             Indexed(path, "availabilities", i), product, sku.id,
                                             title.value_or(product.title), defaults));
      sku.availabilities.push_back(entries_.size() - 1);
    }
    return sku;
  }

  Status ReadAvailability(const JsonNode& node, const std::string& path,
                          const CatalogProduct& product, const std::string& sku_id,
                          const std::string& fallback_title, const SkuDefaults& defaults) {
    const std::string& product_id = product.id;
    const std::string stated_id = LabelPart(node, "catalogItemId");
    const std::string availability_id = LabelPart(node, "id");
    std::string label = stated_id;
    if (label.empty() && !availability_id.empty()) {
      label = product_id + ":" + sku_id + ":" + availability_id;
    }
    Entry entry{CatalogItem(), Context(source_, path, label), std::nullopt};
    const Context& context = entry.context;
    const ObjectReader reader(context, "", node);
    CARTD_RETURN_IF_ERROR(reader.Check(
        {"id", "catalogItemId", "title", "description", "purchaseSystem", "terms", "prices",
         "provisioningVariables", "minQuantity", "maxQuantity", "attestationRequired",
         "promotionIds", "addonTo", "purchasable", "segment", "renewable"}));
    CatalogItem& item = entry.item;
    item.product_kind = product.kind;

    const bool has_id = reader.Find("id") != nullptr;
    const bool has_stated_id = reader.Find("catalogItemId") != nullptr;
    if (has_id && has_stated_id) return context.Error("give either id or catalogItemId, not both");
    if (!has_id && !has_stated_id) return context.Error("id or catalogItemId is required");
    if (has_id) {
      CARTD_ASSIGN_OR_RETURN(item.availability_id, CheckId(reader, "id"));
      item.product_id = product_id;
      item.sku_id = sku_id;
      item.catalog_item_id = product_id + ":" + sku_id + ":" + item.availability_id;
    } else {
      CARTD_ASSIGN_OR_RETURN(item.catalog_item_id, CheckId(reader, "catalogItemId"));
      // A stated id in the product:sku:availability shape still names catalog entries.
      if (PurchaseSystemByIdShape(item.catalog_item_id) == PurchaseSystem::kModern) {
        const std::size_t first = item.catalog_item_id.find(':');
        const std::size_t second = item.catalog_item_id.find(':', first + 1);
        item.product_id = item.catalog_item_id.substr(0, first);
        item.sku_id = item.catalog_item_id.substr(first + 1, second - first - 1);
        item.availability_id = item.catalog_item_id.substr(second + 1);
      }
    }

    CARTD_ASSIGN_OR_RETURN(const std::optional<std::string> title, reader.OptionalString("title"));
    item.title = title.value_or(fallback_title);

    CARTD_ASSIGN_OR_RETURN(const std::optional<std::string> system,
                           reader.OptionalString("purchaseSystem"));
    if (!system) {
      item.purchase_system = PurchaseSystemByIdShape(item.catalog_item_id);
    } else if (*system == "modern") {
      item.purchase_system = PurchaseSystem::kModern;
    } else if (*system == "legacy") {
      item.purchase_system = PurchaseSystem::kLegacy;
    } else {
      return reader.Error("purchaseSystem",
                          Quoted(*system) + " is not a purchase system (modern or legacy)");
    }

    CARTD_ASSIGN_OR_RETURN(item.terms, ReadTerms(reader, context));
    CARTD_ASSIGN_OR_RETURN(item.prices, ReadPrices(reader, context));
    if (reader.Find("provisioningVariables") != nullptr || !defaults.provisioning_variables) {
      CARTD_ASSIGN_OR_RETURN(item.provisioning_variables,
                             reader.StringList("provisioningVariables"));
    } else {
      item.provisioning_variables = *defaults.provisioning_variables;
    }
    CARTD_ASSIGN_OR_RETURN(item.promotion_ids, reader.StringList("promotionIds"));

    CARTD_ASSIGN_OR_RETURN(const std::optional<int> min_quantity,
                           reader.OptionalCount("minQuantity"));
    CARTD_ASSIGN_OR_RETURN(const std::optional<int> max_quantity,
                           reader.OptionalCount("maxQuantity"));
    item.min_quantity = min_quantity.value_or(defaults.min_quantity.value_or(1));
    item.max_quantity = max_quantity ? max_quantity : defaults.max_quantity;
    if (item.max_quantity && item.min_quantity > *item.max_quantity) {
      return context.Error("minQuantity " + std::to_string(item.min_quantity) +
                           (min_quantity ? "" : " (the SKU's)") + " is greater than maxQuantity " +
                           std::to_string(*item.max_quantity) +
                           (max_quantity ? "" : " (the SKU's)"));
    }

    CARTD_ASSIGN_OR_RETURN(const std::optional<std::string> segment,
                           reader.OptionalString("segment"));
    if (segment) {
      const std::optional<Segment> known = ParseSegment(*segment);
      if (!known || SegmentName(*known) != *segment) {
        return reader.Error("segment", Quoted(*segment) +
                                           " is not a segment (commercial, education, "
                                           "government or nonprofit)");
      }
      item.segment = *known;
    }
    CARTD_ASSIGN_OR_RETURN(item.renewable, reader.OptionalBool("renewable"));

    CARTD_ASSIGN_OR_RETURN(const std::optional<bool> attestation,
                           reader.OptionalBool("attestationRequired"));
    item.attestation_required = attestation.value_or(false);
    CARTD_ASSIGN_OR_RETURN(const std::optional<bool> purchasable,
                           reader.OptionalBool("purchasable"));
    item.purchasable = purchasable.value_or(true);

    if (const JsonNode* addon = reader.Find("addonTo")) {
      const ObjectReader addon_reader(context, "addonTo", *addon);
      CARTD_RETURN_IF_ERROR(addon_reader.Check({"catalogItemId", "minParentQuantity"}));
      CARTD_ASSIGN_OR_RETURN(entry.addon_parent, CheckId(addon_reader, "catalogItemId"));
      CARTD_ASSIGN_OR_RETURN(const std::optional<int> min_parent_quantity,
                             addon_reader.OptionalCount("minParentQuantity"));
      item.min_parent_quantity = min_parent_quantity.value_or(1);
    }

    entries_.push_back(std::move(entry));
    return Status::Ok();
  }

  // A required id member of `reader`'s object; catalogItemId members may contain ':'.
  static StatusOr<std::string> CheckId(const ObjectReader& reader, std::string_view name) {
    CARTD_ASSIGN_OR_RETURN(std::string id, reader.RequiredString(name));
    const bool whole = name == "catalogItemId";
    if (!IsIdText(id, whole)) {
      return reader.Error(name, Quoted(id) + (whole ? " may contain only letters, digits, ':', "
                                                      "'-', '_' and '.'"
                                                    : " may contain only letters, digits, '-', "
                                                      "'_' and '.'"));
    }
    return id;
  }

  static StatusOr<std::vector<CatalogTerm>> ReadTerms(const ObjectReader& reader,
                                                      const Context& context) {
    CARTD_ASSIGN_OR_RETURN(const JsonArray* terms, reader.Array("terms"));
    if (terms->empty()) return reader.Error("terms", "at least one term is required");
    std::vector<CatalogTerm> out;
    for (std::size_t t = 0; t < terms->size(); ++t) {
      const ObjectReader term_reader(context, Indexed("", "terms", t), (*terms)[t]);
      CARTD_RETURN_IF_ERROR(term_reader.Check({"duration", "billingCycles", "description"}));
      CatalogTerm term;
      CARTD_ASSIGN_OR_RETURN(const std::optional<std::string> description,
                             term_reader.OptionalText("description"));
      term.description = description.value_or("");
      if (const JsonNode* duration = term_reader.Find("duration")) {
        if (!duration->is_string()) {
          return term_reader.WrongKind("duration", *duration, "a string");
        }
        const std::string_view text = Text(duration->get_string());
        if (!text.empty() && !IsTermDuration(text)) {
          return term_reader.Error("duration", Quoted(text) +
                                                   " is not a number of months or years (such "
                                                   "as P1M, P1Y, P3Y)");
        }
        term.duration = text;
      }
      for (std::size_t previous = 0; previous < out.size(); ++previous) {
        if (out[previous].duration != term.duration) continue;
        const std::string earlier = Indexed("", "terms", previous);
        if (term.duration.empty()) {
          return term_reader.Problem("a term without duration is already listed in " + earlier);
        }
        return term_reader.Error("duration",
                                 Quoted(term.duration) + " is already listed in " + earlier);
      }

      CARTD_ASSIGN_OR_RETURN(const JsonArray* cycles, term_reader.Array("billingCycles"));
      if (cycles->empty()) {
        return term_reader.Error("billingCycles", "at least one billing cycle is required");
      }
      for (std::size_t c = 0; c < cycles->size(); ++c) {
        const JsonNode& cycle = (*cycles)[c];
        if (!cycle.is_string()) {
          return term_reader.WrongKind(Indexed("", "billingCycles", c), cycle, "a string");
        }
        const std::string_view text = Text(cycle.get_string());
        const auto known = std::find_if(kBillingCycles.begin(), kBillingCycles.end(),
                                        [&](const auto& entry) { return entry.first == text; });
        if (known == kBillingCycles.end()) {
          return term_reader.Error("billingCycles", Quoted(text) + " is not a billing cycle");
        }
        if (std::find(term.billing_cycles.begin(), term.billing_cycles.end(), known->second) !=
            term.billing_cycles.end()) {
          return term_reader.Error("billingCycles", Quoted(text) + " is listed twice");
        }
        term.billing_cycles.push_back(known->second);
      }
      out.push_back(std::move(term));
    }
    return out;
  }

  static StatusOr<std::vector<MarketPrice>> ReadPrices(const ObjectReader& reader,
                                                       const Context& context) {
    CARTD_ASSIGN_OR_RETURN(const JsonArray* prices, reader.Array("prices"));
    if (prices->empty()) return reader.Error("prices", "at least one price is required");
    std::vector<MarketPrice> out;
    for (std::size_t p = 0; p < prices->size(); ++p) {
      const ObjectReader price_reader(context, Indexed("", "prices", p), (*prices)[p]);
      CARTD_RETURN_IF_ERROR(price_reader.Check({"market", "currency", "unitPrice"}));
      MarketPrice price;
      CARTD_ASSIGN_OR_RETURN(price.market, price_reader.RequiredString("market"));
      if (!IsUpperAlpha(price.market, 2)) {
        return price_reader.Error("market", Quoted(price.market) +
                                                " is not a country code (2 uppercase letters, "
                                                "ISO 3166-1)");
      }
      for (std::size_t previous = 0; previous < out.size(); ++previous) {
        if (out[previous].market == price.market) {
          return price_reader.Error("market", Quoted(price.market) + " is already priced in " +
                                                  Indexed("", "prices", previous));
        }
      }
      CARTD_ASSIGN_OR_RETURN(price.currency, price_reader.RequiredString("currency"));
      if (!IsUpperAlpha(price.currency, 3)) {
        return price_reader.Error("currency", Quoted(price.currency) +
                                                  " is not a currency code (3 uppercase letters, "
                                                  "ISO 4217)");
      }
      const JsonNode* unit_price = price_reader.Find("unitPrice");
      if (unit_price == nullptr) {
        return context.Error(price_reader.PathOf("unitPrice") + " is required");
      }
      if (!unit_price->is_number()) {
        return price_reader.WrongKind("unitPrice", *unit_price, "a number");
      }
      StatusOr<std::int64_t> minor =
          ToMinorUnits(NumberText(*unit_price), price.currency,
                       DecimalDigits(CurrencyMinorUnits(price.currency)));
      if (!minor.ok()) return price_reader.Error("unitPrice", minor.status().message());
      price.unit_price_minor = *minor;
      out.push_back(std::move(price));
    }
    return out;
  }

  Status CheckUniqueIds() const {
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      const auto [it, inserted] = seen.emplace(UpperCase(entries_[i].item.catalog_item_id), i);
      if (!inserted) {
        return entries_[i].context.Error("catalog item id " + entries_[i].item.catalog_item_id +
                                         " is already used by " +
                                         entries_[it->second].context.where());
      }
    }
    return Status::Ok();
  }

  Status ResolveAddOns() {
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      index.emplace(UpperCase(entries_[i].item.catalog_item_id), i);
    }
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      Entry& entry = entries_[i];
      if (!entry.addon_parent) continue;
      const auto parent = index.find(UpperCase(*entry.addon_parent));
      if (parent == index.end()) {
        return entry.context.Error("addonTo.catalogItemId: " + Quoted(*entry.addon_parent) +
                                   " is not in the catalog");
      }
      if (parent->second == i) {
        return entry.context.Error("addonTo.catalogItemId: an item cannot be an add-on of itself");
      }
      // The parent's own spelling, so that the id reads the same wherever it is shown.
      entry.item.addon_parent = entries_[parent->second].item.catalog_item_id;
    }
    return Status::Ok();
  }

  std::string_view source_;
  std::vector<Entry> entries_;
  std::vector<CatalogProduct> products_;
};

}  // namespace

StatusOr<Catalog> ParseCatalog(std::string_view json, std::string_view source_name) {
  // Editors on Windows may start the file with a byte order mark; it is not part of the JSON.
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (json.substr(0, kBom.size()) == kBom) json.remove_prefix(kBom.size());
  partnercenter::Result<JsonNode> tree = partnercenter::wire::ReadJson(json, kCatalogParseOptions);
  if (!tree.ok()) return InvalidInput(std::string(source_name) + ": " + tree.error().description);
  CatalogReader reader(source_name);
  CARTD_ASSIGN_OR_RETURN(CatalogReader::Contents contents, reader.Read(*tree));
  return Catalog(std::move(contents.items), std::move(contents.products));
}

StatusOr<Catalog> LoadCatalogFile(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return InvalidInput(name + ": cannot read the catalog file: it is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int error = errno;
    return InvalidInput(name + ": cannot read the catalog file: " +
                        std::generic_category().message(error != 0 ? error : EIO));
  }
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    return InvalidInput(name +
                        ": cannot read the catalog file: " + std::generic_category().message(EIO));
  }
  return ParseCatalog(content, name);
}

}  // namespace cartd::catalog
