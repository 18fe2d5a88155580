// GL textures for every image the UI shows, keyed by what they are. UI thread
// only. An image re-uploaded at the same size reuses its texture.
#pragma once

#include "gui/views/canvas.h"
#include "gui/harness/frame_stats.h"
#include "gui/gl/gl_objects.h"

#include <cstdint>
#include <map>

namespace stylemix::gui {

class TextureStore {
public:
    void put(const ImageKey& key, const Image& image);
    const Texture* get(const ImageKey& key) const;
    bool has(const ImageKey& key) const { return get(key) != nullptr; }
    // Drops every texture of `slot` (all of them with ImageSlot::None).
    void clear(ImageSlot slot = ImageSlot::None);
    // Drops textures of `slot` whose indices fall outside rows x cols.
    void trim(ImageSlot slot, int rows, int cols);
    // Uploads so far: storage (re)allocations versus in-place updates.
    const TextureTraffic& traffic() const { return traffic_; }
    // Changes whenever any texture's pixels change or a texture goes away.
    std::uint64_t version() const { return version_; }

private:
    template <class Pred>
    void eraseWhere(Pred pred);

    std::map<ImageKey, Texture> textures_;
    TextureTraffic traffic_;
    std::uint64_t version_ = 0;
};

}  // namespace stylemix::gui
