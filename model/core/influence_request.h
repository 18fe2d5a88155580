// What an influence figure renders (InfluenceSpec, model/core/influence_spec.h)
// as one mixing job, and the band presets it starts from. Torch-free: the CLI,
// recipes and the explorer build the same request from the same spec.
#pragma once

#include "model/core/influence_spec.h"
#include "model/core/model_description.h"

#include <cstddef>
#include <string>

namespace stylemix {

// At most this many bands in one figure (a recipe's, the CLI's, the explorer's).
constexpr int kMaxInfluenceBands = 16;
// A band's label (drawn above its group, clipped to fit) is at most this long.
constexpr std::size_t kMaxInfluenceLabelBytes = 200;

// One mixing grid: A once per band (row r takes band r's styles from B), B as
// the one column, with the spec's truncation, noise and input transform. So
// row_images are A, col_images[0] is B and cells[r][0] is band r's mix.
MixRequest influenceMixRequest(const InfluenceSpec& spec);

// A and B under the model's own coarse, middle and fine presets
// (ModelDescription::coarse / middle / fine), labelled "coarse", "middle",
// "fine"; a preset the model leaves empty is left out. Truncation, noise,
// transform and threshold keep their defaults.
InfluenceSpec bandInfluenceSpec(const Source& a, const Source& b, const ModelDescription& model);

// "coarse: ws 0-3 from B" (the band's label and its ws indices).
std::string influenceBandTitle(const InfluenceSpec& spec, std::size_t band);

}  // namespace stylemix
