#include "gui/texture_store.h"

namespace stylemix::gui {

void TextureStore::put(const ImageKey& key, const Image& image) {
    if (image.pixels.empty()) return;
    ++(textures_[key].upload(image) ? traffic_.allocations : traffic_.updates);
    ++version_;
}

const Texture* TextureStore::get(const ImageKey& key) const {
    const auto it = textures_.find(key);
    return it == textures_.end() ? nullptr : &it->second;
}

void TextureStore::clear(ImageSlot slot) {
    for (auto it = textures_.begin(); it != textures_.end();)
        if (slot == ImageSlot::None || it->first.slot == slot) {
            it = textures_.erase(it);
            ++version_;
        } else {
            ++it;
        }
}

void TextureStore::trim(ImageSlot slot, int rows, int cols) {
    for (auto it = textures_.begin(); it != textures_.end();) {
        const bool outside = it->first.slot == slot && (it->first.a >= rows || it->first.b >= cols);
        if (outside) {
            it = textures_.erase(it);
            ++version_;
        } else {
            ++it;
        }
    }
}

}  // namespace stylemix::gui
