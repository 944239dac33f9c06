// Rendering untrusted text (claim values, header fields) into log messages.
#pragma once

#include <string>
#include <string_view>

namespace cartd::auth {

// `text` in double quotes, with quotes, backslashes and bytes outside printable ASCII escaped
// (\" \\ \xNN), cut to at most 64 input bytes (then "..." follows the closing quote). Keeps a
// hostile claim from forging log lines or flooding the log. Thread-safe.
std::string QuoteForLog(std::string_view text);

}  // namespace cartd::auth
