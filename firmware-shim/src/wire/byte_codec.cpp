#include "edgetwin/firmware/wire/byte_codec.hpp"

#include <cassert>

namespace edgetwin::fw {
namespace {

void put_be(std::vector<std::byte>& out, std::uint64_t v, std::size_t width) {
  for (std::size_t i = width; i-- > 0;) out.push_back(static_cast<std::byte>((v >> (8 * i)) & 0xff));
}

}  // namespace

void ByteWriter::u8(std::uint8_t v) { put_be(out_, v, 1); }
void ByteWriter::u16(std::uint16_t v) { put_be(out_, v, 2); }
void ByteWriter::u32(std::uint32_t v) { put_be(out_, v, 4); }
void ByteWriter::u64(std::uint64_t v) { put_be(out_, v, 8); }

void ByteWriter::str(std::string_view s) {
  assert(s.size() <= 255 && "ByteWriter::str: strings on the wire are at most 255 bytes");
  u8(static_cast<std::uint8_t>(s.size()));
  for (char c : s) out_.push_back(static_cast<std::byte>(c));
}

void ByteWriter::raw(std::span<const std::byte> bytes) {
  out_.insert(out_.end(), bytes.begin(), bytes.end());
}

std::uint64_t ByteReader::read_be(std::size_t width) {
  if (!ok_ || remaining() < width) {
    ok_ = false;
    return 0;
  }
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < width; ++i) v = (v << 8) | std::to_integer<std::uint64_t>(in_[pos_ + i]);
  pos_ += width;
  return v;
}

std::uint8_t ByteReader::u8() { return static_cast<std::uint8_t>(read_be(1)); }
std::uint16_t ByteReader::u16() { return static_cast<std::uint16_t>(read_be(2)); }
std::uint32_t ByteReader::u32() { return static_cast<std::uint32_t>(read_be(4)); }
std::uint64_t ByteReader::u64() { return read_be(8); }

std::string ByteReader::str() {
  const std::size_t n = u8();
  auto bytes = raw(n);
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

std::span<const std::byte> ByteReader::raw(std::size_t n) {
  if (!ok_ || remaining() < n) {
    ok_ = false;
    return {};
  }
  auto out = in_.subspan(pos_, n);
  pos_ += n;
  return out;
}

}  // namespace edgetwin::fw
