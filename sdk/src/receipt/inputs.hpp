// How ops read the receipt module's inputs: the key that opens sealed boxes,
// and the hospital keys trusted to sign receipts. Shared by receipt.*,
// wallet.* and complaint.* so each is read one way.
#ifndef MEDINS_SRC_RECEIPT_INPUTS_HPP
#define MEDINS_SRC_RECEIPT_INPUTS_HPP

#include <vector>

#include "call/op_table.hpp"
#include "identity/device_key.hpp"
#include "internal/json_util.hpp"
#include "internal/secret.hpp"
#include "medins/receipt.hpp"

namespace medins::receipt {

// An Opener whose secrets are zeroed when the op returns, whichever path.
struct ScopedOpener {
  Opener opener;
  identity::DeviceSecretWiper unlock_wiper{opener.unlock};
  ~ScopedOpener() { internal::wipe(opener.secret_key); }
};

// Reads {"key": "k4.secret.…"}, or the device key as every op reads it
// (identity::read_device_key: a session, or device_key with unlock).
Status read_opener(const internal::Fields& fields, Context& ctx, ScopedOpener& out);

// Reads "issuers": [{"key": "k4.public.…", "hospital": "…"}], the binding
// required: a bare key string is refused (docs/receipts.md).
Result<std::vector<TrustedIssuer>> read_issuers(const internal::Fields& fields, Code bad_input);

}  // namespace medins::receipt

#endif  // MEDINS_SRC_RECEIPT_INPUTS_HPP
