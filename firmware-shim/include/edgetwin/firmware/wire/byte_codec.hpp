#pragma once
// Big-endian (network order) encoding of integers and length-prefixed strings. The reader
// never reads past its span: any shortfall marks it failed, and callers check `ok()` and
// `at_end()` so that truncated or padded payloads are rejected, not guessed at.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace edgetwin::fw {

class ByteWriter {
 public:
  void u8(std::uint8_t v);
  void u16(std::uint16_t v);
  void u32(std::uint32_t v);
  void u64(std::uint64_t v);
  void str(std::string_view s);  // u8 length + bytes; longer strings are a caller bug
  void raw(std::span<const std::byte> bytes);
  const std::vector<std::byte>& bytes() const { return out_; }
  std::vector<std::byte> take() { return std::move(out_); }

 private:
  std::vector<std::byte> out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::span<const std::byte> in) : in_(in) {}
  std::uint8_t u8();
  std::uint16_t u16();
  std::uint32_t u32();
  std::uint64_t u64();
  std::string str();
  std::span<const std::byte> raw(std::size_t n);
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == in_.size(); }
  std::size_t remaining() const { return in_.size() - pos_; }

 private:
  std::uint64_t read_be(std::size_t width);
  std::span<const std::byte> in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

// A decoded message body is accepted only when every field was present and nothing trails
// it: the one rule of every decoder.
template <class T>
std::optional<T> finish(const ByteReader& r, T value) {
  if (!r.ok() || !r.at_end()) return std::nullopt;
  return value;
}

}  // namespace edgetwin::fw
