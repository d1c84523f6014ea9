// SHA-256 through nettle (sha256_init / sha256_update / sha256_digest).
#include "base/sha256.hpp"

#include <nettle/sha2.h>

namespace backtriage {

static_assert(SHA256_DIGEST_SIZE == std::tuple_size_v<Sha256Digest>);

Sha256::Sha256() : ctx_(std::make_unique<sha256_ctx>()) { sha256_init(ctx_.get()); }
Sha256::~Sha256() = default;

Sha256& Sha256::add(std::string_view bytes) {
  sha256_update(ctx_.get(), bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
  return *this;
}

Sha256& Sha256::add_u64(std::uint64_t v) {
  std::array<std::uint8_t, 8> le{};
  for (size_t i = 0; i < le.size(); ++i) le[i] = static_cast<std::uint8_t>(v >> (8 * i));
  sha256_update(ctx_.get(), le.size(), le.data());
  return *this;
}

Sha256Digest Sha256::digest() {
  Sha256Digest out{};
  sha256_digest(ctx_.get(), out.size(), out.data());
  return out;
}

Sha256Digest sha256(std::string_view bytes) { return Sha256().add(bytes).digest(); }

std::string hex(const Sha256Digest& digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(digest.size() * 2);
  for (std::uint8_t b : digest) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0x0f];
  }
  return out;
}

}  // namespace backtriage
