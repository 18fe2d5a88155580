#include "gui/texture_store.h"

namespace stylemix::gui {

void TextureStore::put(const ImageKey& key, const Image& image) {
    if (image.pixels.empty()) return;
    ++(textures_[key].upload(image) ? traffic_.allocations : traffic_.updates);
}

const Texture* TextureStore::get(const ImageKey& key) const {
    const auto it = textures_.find(key);
    return it == textures_.end() ? nullptr : &it->second;
}

void TextureStore::clear(ImageSlot slot) {
    for (auto it = textures_.begin(); it != textures_.end();)
        it = (slot == ImageSlot::None || it->first.slot == slot) ? textures_.erase(it) : std::next(it);
}

void TextureStore::trim(ImageSlot slot, int rows, int cols) {
    for (auto it = textures_.begin(); it != textures_.end();) {
        const bool outside = it->first.slot == slot && (it->first.a >= rows || it->first.b >= cols);
        it = outside ? textures_.erase(it) : std::next(it);
    }
}

}  // namespace stylemix::gui
