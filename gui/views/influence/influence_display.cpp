#include "gui/views/influence/influence_display.h"

#include "gui/views/influence/influence_slots.h"

namespace stylemix::gui {
namespace {

const Image* cell(const MixResult& r, std::size_t band) {
    return band < r.cells.size() && !r.cells[band].empty() ? r.cells[band][0].get() : nullptr;
}

void mergeList(std::vector<ImagePtr>& into, std::vector<ImagePtr>& part) {
    if (into.size() < part.size()) into.resize(part.size());
    for (std::size_t i = 0; i < part.size(); ++i)
        if (part[i]) into[i] = std::move(part[i]);
}

}  // namespace

InfluenceDisplay influenceDisplay(const MixResult& shown) {
    InfluenceDisplay d;
    const std::size_t bands = shown.cells.size();
    d.from_a.resize(bands);
    d.from_b.resize(bands);
    // An image without pixels (a headless test's placeholder) has no map.
    const auto usable = [](const Image* im) { return im && !im->pixels.empty(); };
    const Image* a = shown.row_images.empty() ? nullptr : shown.row_images.front().get();
    const Image* b = shown.col_images.empty() ? nullptr : shown.col_images.front().get();
    std::vector<const InfluenceMap*> all;
    for (std::size_t i = 0; i < bands && usable(a) && usable(b); ++i) {
        const Image* mix = cell(shown, i);
        if (!usable(mix) || mix->width != a->width || mix->height != a->height) continue;
        d.from_a[i] = influenceMap(*a, *mix);
        d.from_b[i] = influenceMap(*b, *mix);
        all.push_back(&*d.from_a[i]);
        all.push_back(&*d.from_b[i]);
    }
    d.top = sharedInfluenceTop(all);
    return d;
}

void uploadInfluence(const MixResult& shown, const InfluenceDisplay& d, TextureStore& textures) {
    if (!shown.row_images.empty() && shown.row_images.front()) textures.put({InfluenceSlot::Source, 0, 0}, *shown.row_images.front());
    if (!shown.col_images.empty() && shown.col_images.front()) textures.put({InfluenceSlot::Source, 0, 1}, *shown.col_images.front());
    const int bands = static_cast<int>(shown.cells.size());
    bool any_map = false;
    for (int i = 0; i < bands; ++i) {
        if (const Image* mix = cell(shown, static_cast<std::size_t>(i))) textures.put({InfluenceSlot::Mix, i, 0}, *mix);
        if (!d.complete(static_cast<std::size_t>(i))) continue;
        textures.put({InfluenceSlot::FromA, i, 0}, influenceHeatImage(*d.from_a[i], d.top));
        textures.put({InfluenceSlot::FromB, i, 0}, influenceHeatImage(*d.from_b[i], d.top));
        any_map = true;
    }
    for (ImageSlot slot : {InfluenceSlot::Mix, InfluenceSlot::FromA, InfluenceSlot::FromB}) textures.trim(slot, bands, 1);
    // The colour bar's ramp, once there is a map to read with it.
    if (any_map && !textures.has({InfluenceSlot::Ramp, 0, 0})) textures.put({InfluenceSlot::Ramp, 0, 0}, influenceRamp(1, 256));
}

void mergeTiles(MixResult& into, MixResult&& part) {
    mergeList(into.row_images, part.row_images);
    mergeList(into.col_images, part.col_images);
    if (into.cells.size() < part.cells.size()) into.cells.resize(part.cells.size());
    for (std::size_t r = 0; r < part.cells.size(); ++r) mergeList(into.cells[r], part.cells[r]);
    into.timings = part.timings;
}

}  // namespace stylemix::gui
