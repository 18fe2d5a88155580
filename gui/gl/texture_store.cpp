#include "gui/gl/texture_store.h"

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

template <class Pred>
void TextureStore::eraseWhere(Pred pred) {
    for (auto it = textures_.begin(); it != textures_.end();) {
        if (pred(it->first)) {
            it = textures_.erase(it);
            ++version_;
        } else {
            ++it;
        }
    }
}

void TextureStore::clear(ImageSlot slot) {
    eraseWhere([slot](const ImageKey& k) { return slot == ImageSlot::None || k.slot == slot; });
}

void TextureStore::trim(ImageSlot slot, int rows, int cols) {
    eraseWhere([=](const ImageKey& k) { return k.slot == slot && (k.a >= rows || k.b >= cols); });
}

}  // namespace stylemix::gui
