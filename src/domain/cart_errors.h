// What the cart operations attach to their failures (StatusDetail, common/status.h), so that the
// answer to the client can show it without reading the cart again.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "partnercenter/models.h"

namespace cartd {

// With kPreconditionFailed: the ETag the cart has now, for the client to re-read and rebase on.
struct CurrentETag final : StatusDetail {
  explicit CurrentETag(std::string current) : etag(std::move(current)) {}
  std::string etag;
};

// With kCartHasErrors: each line (add-ons included, depth first) that carries an error.
struct CartLineErrors final : StatusDetail {
  struct Line {
    int id = -1;
    partnercenter::CartError error;
  };
  std::vector<Line> lines;
};

}  // namespace cartd
