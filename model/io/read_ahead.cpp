#include "model/io/read_ahead.h"

#include <algorithm>
#include <cstring>

namespace stylemix {

void ReadAhead::readAt(void* buffer, std::size_t count, std::uint64_t offset) {
    if (count == 0) return;   // an empty read may pass a null buffer (an empty vector's data()): memcpy must not get it
    if (count > kWindowBytes || offset >= file_.size() || count > file_.size() - offset) {
        file_.readAt(buffer, count, offset);   // large, or past the end: the file's own read (and its message)
        return;
    }
    const bool inside = offset >= window_at_ && offset + count <= window_at_ + window_.size();
    if (!inside) {
        window_.resize(static_cast<std::size_t>(std::min<std::uint64_t>(kWindowBytes, file_.size() - offset)));
        file_.readAt(window_.data(), window_.size(), offset);
        window_at_ = offset;
    }
    std::memcpy(buffer, window_.data() + (offset - window_at_), count);
}

}  // namespace stylemix
