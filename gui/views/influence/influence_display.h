// What the influence view shows of a (maybe partial) mixing result: per band
// its |mix - A| and |mix - B| maps, all on one colour scale, uploaded as heat
// map textures beside A, B and the mixes. The maps are kept (not only their
// textures) for the fractions under a changing threshold and the hover readout.
#pragma once

#include "gui/gl/texture_store.h"
#include "model/core/influence_map.h"
#include "model/core/render_types.h"

#include <optional>
#include <vector>

namespace stylemix::gui {

struct InfluenceDisplay {
    std::vector<std::optional<InfluenceMap>> from_a, from_b;   // per band; empty until A, B and its mix arrived
    int top = 1;                                               // the shared scale's top, in levels
    bool complete(std::size_t band) const { return band < from_a.size() && from_a[band] && from_b[band]; }
};

// The maps of every band of `shown` (rows: A per band, one column: B) whose three images are there.
InfluenceDisplay influenceDisplay(const MixResult& shown);
// Uploads A, B, the mixes, the heat maps at display.top and the colour bar's ramp.
void uploadInfluence(const MixResult& shown, const InfluenceDisplay& display, TextureStore& textures);
// Keeps what it had of `into` and takes every non-null tile of `part` (a partial publish carries only new tiles).
void mergeTiles(MixResult& into, MixResult&& part);

}  // namespace stylemix::gui
