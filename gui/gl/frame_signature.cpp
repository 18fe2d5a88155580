#include "gui/gl/frame_signature.h"

#include <imgui.h>

#include <cstring>

namespace stylemix::gui {
namespace {

// FNV-1a over bytes: the inputs are a few hundred KB a frame, far below the
// cost of drawing them.
class Fnv1a {
public:
    void add(const void* data, std::size_t size) {
        const auto* bytes = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < size; ++i) hash_ = (hash_ ^ bytes[i]) * 0x100000001b3ull;
    }
    template <class T>
    void addValue(const T& value) {
        add(&value, sizeof value);
    }
    std::uint64_t value() const { return hash_; }

private:
    std::uint64_t hash_ = 0xcbf29ce484222325ull;
};

}  // namespace

std::optional<std::uint64_t> frameSignature(const ImDrawData& draw_data, std::uint64_t texture_version) {
    Fnv1a h;
    h.addValue(texture_version);
    h.addValue(draw_data.DisplayPos);
    h.addValue(draw_data.DisplaySize);
    h.addValue(draw_data.FramebufferScale);
    h.addValue(draw_data.CmdListsCount);
    for (int l = 0; l < draw_data.CmdListsCount; ++l) {
        const ImDrawList& list = *draw_data.CmdLists[l];
        h.add(list.VtxBuffer.Data, static_cast<std::size_t>(list.VtxBuffer.Size) * sizeof(ImDrawVert));
        h.add(list.IdxBuffer.Data, static_cast<std::size_t>(list.IdxBuffer.Size) * sizeof(ImDrawIdx));
        for (const ImDrawCmd& cmd : list.CmdBuffer) {
            h.addValue(cmd.ClipRect);
            h.addValue(cmd.TextureId);
            h.addValue(cmd.VtxOffset);
            h.addValue(cmd.IdxOffset);
            h.addValue(cmd.ElemCount);
            if (cmd.UserCallback) return std::nullopt;   // draws what the data cannot tell
        }
    }
    return h.value();
}

}  // namespace stylemix::gui
