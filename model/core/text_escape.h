// Makes text that came from a file safe to show: control characters would
// otherwise reach the terminal (retitle it, clear the screen, fake colours) or
// the UI raw. Torch-free.
#pragma once

#include <string>
#include <string_view>

namespace stylemix {

// Every C0 control byte (0x00-0x1f), DEL (0x7f) and C1 control (U+0080-U+009F,
// as UTF-8 or as a lone byte) becomes a visible "\xNN"; all else is kept,
// valid UTF-8 included. Backslashes are kept, so escaping twice changes nothing.
std::string escapeControlChars(std::string_view text);

}  // namespace stylemix
