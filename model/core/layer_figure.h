// The layer view's export (torch-free): the panels (A; or A, B and the mix)
// side by side, each magnified to about 256 pixels high (nearest neighbour, so
// a 4x4 activation stays readable), labelled with its subject and the layer
// underneath. The explorer's export and `stylemix render` of a "layer" recipe
// both compose it, so they agree byte for byte.
#pragma once

#include "model/core/figures.h"
#include "model/core/layer_view.h"

namespace stylemix {

// The whole-pixel magnification of a panel `height` pixels high: max(1, 256 / height).
int layerFigureZoom(int height);
// Throws std::invalid_argument when the result has no panels or the figure would be too large.
Image composeLayerFigure(const LayerResult& result);

}  // namespace stylemix
