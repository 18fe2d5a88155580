// Text from files and arguments, made fit for an error message: control
// characters escaped (they would retitle or clear a terminal) and long values
// clipped (a 90 MB class name or a 5 kB path must not become a 90 MB line or
// cost memory to build). Every reader and the CLI quote untrusted text through
// these. Torch-free.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace stylemix {

// How many bytes of one value a message quotes.
constexpr std::size_t kQuotedBytes = 80;
// A whole one-line message is cut to this (head and tail kept) as a last resort.
constexpr std::size_t kMaxMessageBytes = 4096;

// Every C0 control byte (0x00-0x1f), DEL (0x7f) and C1 control (U+0080-U+009F,
// as UTF-8 or as a lone byte) becomes a visible "\xNN"; all else is kept,
// valid UTF-8 included. Backslashes are kept, so escaping twice changes nothing.
std::string escapeControlChars(std::string_view text);

// `text` escaped; when it is longer than kQuotedBytes + 20 bytes, its first
// kQuotedBytes bytes (never half a UTF-8 character), "..." and " (N bytes)".
std::string clipText(std::string_view text);
// clipText in quotes: "'abc'", or "'abc...' (5000 bytes)".
std::string quoteText(std::string_view text, char quote = '\'');
// A path for a message: escaped; a long one keeps its last kQuotedBytes bytes
// (the file name matters most): ".../tail (5000-byte path)".
std::string displayPath(std::string_view path);
// A whole message, escaped and at most kMaxMessageBytes long (its start and
// end kept): what the CLI prints, whatever a message was built from.
std::string boundedMessage(std::string_view text);

// Byte strings (file names are any bytes but '/' and NUL) inside UTF-8 documents
// (recipes, safetensors metadata), losslessly:
bool isValidUtf8(std::string_view text);
// Every byte outside printable ASCII, and '%', as %XX: "caf%E9.pkl".
std::string percentEncode(std::string_view bytes);
// The bytes back; nullopt for a malformed escape.
std::optional<std::string> percentDecode(std::string_view text);
// Valid UTF-8 with every invalid byte replaced by U+FFFD, for display.
std::string replaceInvalidUtf8(std::string_view text);

}  // namespace stylemix
