// The device key inside the core: opening a device blob, and reading the
// secret that opens it from an op's input. Other modules (grants, dynamic
// codes, receipts) sign or decrypt with the device key through these; the key
// itself never leaves the core.
#ifndef MEDINS_SRC_IDENTITY_DEVICE_KEY_HPP
#define MEDINS_SRC_IDENTITY_DEVICE_KEY_HPP

#include <cstdint>
#include <string>
#include <string_view>

#include "internal/json_util.hpp"
#include "internal/secret.hpp"
#include "keys/paserk.hpp"
#include "medins/identity.hpp"

namespace medins::identity {

// Returns the Ed25519 key (seed || pk) of a device blob of create_device;
// fails with device.bad_input (missing or wrong kind of secret),
// device.invalid_blob or device.wrong_secret.
Result<keys::SecretKey> open_device(std::string_view blob, const DeviceSecret& secret);

// Zeroes a DeviceSecret's strings when it goes out of scope, whichever path
// an op returns by; the secret itself may live in a larger request.
class DeviceSecretWiper {
 public:
  explicit DeviceSecretWiper(DeviceSecret& secret) : secret_(secret) {}
  DeviceSecretWiper(const DeviceSecretWiper&) = delete;
  DeviceSecretWiper& operator=(const DeviceSecretWiper&) = delete;
  ~DeviceSecretWiper() {
    internal::wipe(secret_.pin);
    internal::wipe(secret_.platform_key);
    internal::wipe(secret_.session_key);
  }

 private:
  DeviceSecret& secret_;
};

// Reads exactly one of "pin" (text) and "platform_key" (base64url of 32
// bytes) from `fields` into `out`, wiping the input copies on every path;
// errors are `fields`' bad-input code naming the field.
Status read_device_secret(const internal::Fields& fields, DeviceSecret& out);

// Reads "device_key" (a device blob) and "unlock": {"pin"} | {"platform_key"}.
Status read_locked_device_key(const internal::Fields& fields, std::string& blob, DeviceSecret& secret);

// Which names an op accepts for its device key besides the current ones.
enum class DeviceKeyNames {
  kCurrent,
  // Also "device" with top-level "pin"/"platform_key": grant.create,
  // code.generate and device.proof took these before 0.2 (deprecated).
  kWithDeprecated,
};

// The one reading of the device key every op that signs or decrypts with it
// uses: "session" (of device.unlock, looked up at `now_unix_s`), or
// "device_key" with "unlock". Fills `blob` (empty for a session) and
// `secret` (with a session, its session_key) for open_device; errors are
// `fields`' bad-input code, device.unknown_session or device.session_expired.
// The caller wipes `secret` (DeviceSecretWiper).
Status read_device_key(const internal::Fields& fields, std::int64_t now_unix_s, DeviceKeyNames names,
                       std::string& blob, DeviceSecret& secret);

}  // namespace medins::identity

#endif  // MEDINS_SRC_IDENTITY_DEVICE_KEY_HPP
