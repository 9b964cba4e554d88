// Complaints to the insurer: the patient's device signs a complaint (what
// happened, the hospital-signed receipts, the estimate that flagged the
// charge, the booked slot) with its device key and seals it so that only the
// insurer opens it; the insurer checks the device's signature and every piece
// of evidence, and for a paid service the policy covers, the amount charged.
// docs/complaints.md describes the format; the ops are complaint.create and
// complaint.open.
#ifndef MEDINS_COMPLAINT_HPP
#define MEDINS_COMPLAINT_HPP

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "medins/env.hpp"
#include "medins/estimate.hpp"
#include "medins/identity.hpp"
#include "medins/receipt.hpp"
#include "medins/status.hpp"

namespace medins::complaint {

// Limits on hostile input: the patient's text, the receipts carried as
// evidence, the flagged estimate lines, the whole signed complaint.
inline constexpr std::size_t kMaxTextBytes = 4000;
inline constexpr std::size_t kMaxReceipts = 16;
inline constexpr std::size_t kMaxFlaggedLines = 1000;
inline constexpr std::size_t kMaxComplaintBytes = 1536u * 1024u;

// What a complaint is about: the grounds on which Russia's OMS insurers take
// complaints (docs/complaints.md).
inline constexpr const char* kCategories[] = {"refused_free_care", "imposed_paid_service", "long_wait",
                                              "quality_of_care", "other"};

struct Draft {
  std::string category;                // one of kCategories; empty: from the estimate
  nlohmann::json facts;                // {hospital?, visit_date?, text}
  std::vector<std::string> receipts;   // hospital-signed receipt tokens (wallet.get's token)
  nlohmann::json estimate;             // an estimate's output, or null
  nlohmann::json booking;              // {order_id?, slot_start?, seen_at?}, or null
  std::optional<std::int64_t> amount_claimed_fen;  // default: the flagged lines' self-pay
  std::string identity_token;          // optional: the patient's device-bound identity token
  std::string insurer;                 // the insurer's "k4.public.…"
  std::int64_t now_unix_s = 0;
};

struct Created {
  std::string complaint_id;  // base64url BLAKE2b-128 of the signed token: the same on both sides
  std::string sealed;        // base64url sealed box of the signed token, for the insurer only
  nlohmann::json complaint;  // the signed claims, for the patient's own record
};

// Returns the complaint of `draft` signed by the device key `device` opens
// (a device blob with its unlock, a session, or a raw k4.secret) and sealed
// to draft.insurer; fails with complaint.bad_input naming the field,
// complaint.bad_evidence (a receipt that is not one, or from another
// hospital), complaint.too_large, complaint.no_entropy or keys.* for the
// insurer key, or the device.* codes of unwrapping.
Result<Created> create(const Draft& draft, const receipt::Opener& device, Random& random);

// How complaint.open checks what the complaint carries.
struct OpenCheck {
  std::vector<receipt::TrustedIssuer> issuers;  // hospital keys trusted for receipts
  // When set, the identity token is verified as at the complaint's iat.
  std::optional<identity::VerifyIdentityOptions> identity;
  // When set (and the category is imposed_paid_service), the amount charged
  // for lines the policy covers in full is computed from the verified receipts.
  const estimate::PolicySet* policy = nullptr;
};

// Returns the opened complaint: its claims, the signing device, each piece of
// evidence checked on its own (a bad receipt is reported, not fatal) and, with
// a policy, the charged amounts; fails with complaint.invalid (not sealed to
// this key, altered, not signed by the device it names: one code),
// complaint.bad_input or keys.* for the insurer key ("k4.secret.…").
Result<nlohmann::json> open(std::string_view sealed, std::string_view insurer_key, const OpenCheck& check);

}  // namespace medins::complaint

#endif  // MEDINS_COMPLAINT_HPP
