#include "model/core/noise_spec.h"

#include "model/io/message_text.h"

#include <algorithm>
#include <stdexcept>

namespace stylemix {

const char* noiseModeName(NoiseMode mode) {
    switch (mode) {
        case NoiseMode::Const: return "const";
        case NoiseMode::Random: return "random";
        case NoiseMode::None: return "none";
    }
    return "?";
}

NoiseMode parseNoiseMode(const std::string& text) {
    if (text == "const") return NoiseMode::Const;
    if (text == "random") return NoiseMode::Random;
    if (text == "none") return NoiseMode::None;
    throw std::invalid_argument("noise mode " + quoteText(text) + " is not one of const, random, none");
}

NoiseSpec NoiseSpec::forLayer(int noise_layer) const {
    if (only_layer < 0 || noise_layer == only_layer || mode != NoiseMode::Random) return *this;
    NoiseSpec out = *this;
    out.mode = others;
    out.only_layer = -1;
    if (!out.realisations.empty()) std::fill(out.realisations.begin(), out.realisations.end(), 0);
    return out;
}

NoiseSpec NoiseSpec::slice(std::int64_t begin, std::int64_t count) const {
    NoiseSpec out = *this;
    if (!realisations.empty()) {
        if (begin < 0 || begin + count > static_cast<std::int64_t>(realisations.size()))
            throw std::out_of_range("NoiseSpec::slice: batch range outside the realisation list");
        out.realisations.assign(realisations.begin() + begin, realisations.begin() + begin + count);
    }
    return out;
}

NoiseSpec NoiseSpec::gather(const std::vector<std::int64_t>& index) const {
    NoiseSpec out = *this;
    if (!realisations.empty()) {
        out.realisations.clear();
        for (auto i : index) out.realisations.push_back(realisations.at(static_cast<std::size_t>(i)));
    }
    return out;
}

}  // namespace stylemix
