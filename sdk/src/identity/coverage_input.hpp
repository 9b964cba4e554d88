// The `coverage: {token, keys}` member that estimate and grant.* take: a
// coverage credential the phone holds, verified where it is used.
#ifndef MEDINS_SRC_IDENTITY_COVERAGE_INPUT_HPP
#define MEDINS_SRC_IDENTITY_COVERAGE_INPUT_HPP

#include <optional>

#include "internal/json_util.hpp"
#include "medins/coverage.hpp"

namespace medins::coverage {

// The verified coverage of member `coverage` of `fields`' object, nullopt
// when absent: the op's bad-input code (through `fields`) when it is not
// {token: string, keys: [string]}, else the coverage.* codes of verify().
Result<std::optional<Verified>> read_coverage(const internal::Fields& fields);

}  // namespace medins::coverage

#endif  // MEDINS_SRC_IDENTITY_COVERAGE_INPUT_HPP
