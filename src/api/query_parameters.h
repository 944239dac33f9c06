// The parameters of a request's query string ("country=US&targetView=Azure"), read as Partner
// Center's front end reads them: names compared ignoring ASCII case, names and values
// percent-decoded ('+' as a space, as forms write it), a parameter without '=' or with an empty
// value counted as absent.
//
// Immutable value; safe to share between threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace cartd::api {

class QueryParameters {
 public:
  // Reads `query`, the part of the request target after '?' ("" when none).
  // Errors: kInvalidInput when it is not a query of RFC 3986 (a '%' not followed by two hex
  // digits, a character a URL cannot hold) or gives a parameter twice (in any case): "The query
  // parameter 'country' is given more than once."
  static StatusOr<QueryParameters> Parse(std::string_view query);

  // The decoded value of the parameter `name` (compared ignoring ASCII case); nullopt when the
  // query does not give it a value.
  std::optional<std::string> Get(std::string_view name) const;

 private:
  std::vector<std::pair<std::string, std::string>> parameters_;  // decoded name, decoded value
};

}  // namespace cartd::api
