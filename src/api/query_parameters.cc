#include "api/query_parameters.h"

#include <boost/url/encoding_opts.hpp>
#include <boost/url/params_encoded_view.hpp>
#include <boost/url/parse_query.hpp>

#include "http/message.h"

namespace cartd::api {

StatusOr<QueryParameters> QueryParameters::Parse(std::string_view query) {
  QueryParameters out;
  if (query.empty()) return out;
  const auto parsed = boost::urls::parse_query(query);
  if (!parsed) return InvalidInput("The query string of the request is malformed.");
  const boost::urls::encoding_opts form{/*space_as_plus=*/true};
  for (const auto param : *parsed) {
    std::string name = param.key.decode(form);
    if (name.empty() || !param.has_value || param.value.empty()) continue;
    for (const auto& [seen, unused] : out.parameters_) {
      if (http::EqualsIgnoreCase(seen, name)) {
        return InvalidInput("The query parameter '" + name + "' is given more than once.");
      }
    }
    out.parameters_.emplace_back(std::move(name), param.value.decode(form));
  }
  return out;
}

std::optional<std::string> QueryParameters::Get(std::string_view name) const {
  for (const auto& [key, value] : parameters_) {
    if (http::EqualsIgnoreCase(key, name)) return value;
  }
  return std::nullopt;
}

}  // namespace cartd::api
