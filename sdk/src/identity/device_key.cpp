// Reading an op's device key: a session of device.unlock, or a blob and the
// secret that opens it.
#include "identity/device_key.hpp"

#include "identity/device_session.hpp"
#include "internal/encoding.hpp"

namespace medins::identity {

Status read_device_secret(const internal::Fields& fields, DeviceSecret& out) {
  MEDINS_ASSIGN_OR_RETURN(auto pin, fields.optional_string("pin"));
  MEDINS_ASSIGN_OR_RETURN(auto platform_key, fields.optional_string("platform_key"));
  if (pin.has_value() == platform_key.has_value()) {
    if (pin) internal::wipe(*pin);
    if (platform_key) internal::wipe(*platform_key);
    return fields.error("pin", "give exactly one of pin and platform_key");
  }
  if (pin) {
    out.pin = std::move(*pin);
    internal::wipe(*pin);
    return ok_status();
  }
  out.platform_key.assign(32, '\0');
  const bool ok = internal::base64url_decode_exact(
      *platform_key, reinterpret_cast<std::uint8_t*>(out.platform_key.data()), 32);
  internal::wipe(*platform_key);
  if (!ok) return fields.error("platform_key", "must be 32 bytes of base64url");
  return ok_status();
}

Status read_locked_device_key(const internal::Fields& fields, std::string& blob, DeviceSecret& secret) {
  MEDINS_ASSIGN_OR_RETURN(blob, fields.string("device_key"));
  MEDINS_ASSIGN_OR_RETURN(const nlohmann::json* unlock, fields.object("unlock"));
  return read_device_secret(fields.nested(*unlock, "unlock"), secret);
}

Status read_device_key(const internal::Fields& fields, std::int64_t now_unix_s, DeviceKeyNames names,
                       std::string& blob, DeviceSecret& secret) {
  MEDINS_ASSIGN_OR_RETURN(auto session, fields.optional_string("session"));
  const bool deprecated = names == DeviceKeyNames::kWithDeprecated && fields.has("device");
  if (session.has_value() + fields.has("device_key") + deprecated != 1)
    return fields.error("device_key", "give exactly one of session and device_key (with unlock)");
  if (session) {
    // An unlock beside a session would be a second, unchecked secret.
    for (std::string_view name : {"unlock", "pin", "platform_key"})
      if (fields.has(name)) return fields.error(name, "must not be given with session");
    return session_key(*session, now_unix_s, secret.session_key);
  }
  if (!deprecated) return read_locked_device_key(fields, blob, secret);
  MEDINS_ASSIGN_OR_RETURN(blob, fields.string("device"));
  return read_device_secret(fields, secret);
}

}  // namespace medins::identity
