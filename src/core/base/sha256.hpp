// SHA-256, from Debian's nettle: the compiled-rule cache's key and its file digest. A thin
// wrapper so that no other file includes nettle, and so that framing is explicit at call sites.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

struct sha256_ctx;  // nettle's, defined in sha256.cpp only

namespace backtriage {

using Sha256Digest = std::array<std::uint8_t, 32>;

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  Sha256& add(std::string_view bytes);
  /// A number as 8 bytes, little-endian: lengths framed this way cannot run into the next field.
  Sha256& add_u64(std::uint64_t v);
  /// Length, then the bytes: one field that no choice of neighbours can imitate.
  Sha256& add_framed(std::string_view bytes) { return add_u64(bytes.size()).add(bytes); }
  /// The digest; the object starts over afterwards (nettle resets the context).
  Sha256Digest digest();

 private:
  std::unique_ptr<sha256_ctx> ctx_;
};

Sha256Digest sha256(std::string_view bytes);

/// Lowercase hex, two digits per byte.
std::string hex(const Sha256Digest& digest);

}  // namespace backtriage
