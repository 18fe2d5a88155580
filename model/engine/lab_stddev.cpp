#include "model/engine/lab_stddev.h"

#include "model/engine/image_tensors.h"

namespace stylemix {

RgbMoments rgbMoments(const torch::Tensor& img) {
    const torch::Tensor rgb_sum = toUint8(img).to(torch::kFloat64).sum(3);   // [n, H, W]: exact integers
    return {rgb_sum.sum(0), rgb_sum.square().sum(0)};
}

void addMoments(RgbMoments& total, const RgbMoments& part) {
    if (!total.sum.defined()) {
        total.sum = part.sum.clone();
        total.sum_sq = part.sum_sq.clone();
        return;
    }
    total.sum += part.sum;
    total.sum_sq += part.sum_sq;
}

torch::Tensor stddevLevels(const RgbMoments& m, int k) {
    return ((m.sum_sq * k - m.sum.square()).clamp_min(0).sqrt() / (3.0 * k)).to(torch::kFloat32).to(torch::kCPU).contiguous();
}

std::vector<float> toVector(const torch::Tensor& cpu_float) {
    return std::vector<float>(cpu_float.data_ptr<float>(), cpu_float.data_ptr<float>() + cpu_float.numel());
}

SynthesisState sharedPrefix(const Generator& g, const torch::Tensor& w, const NoiseSpec& noise,
                            const OptionalTransform& transform, int first) {
    SynthesisState s = g.startState(1, transform);
    NoiseSpec one = noise;
    one.realisations = {0};
    g.runLayers(s, w, first, one);
    return s;
}

SynthesisState repeatState(const SynthesisState& s, int64_t n) {
    SynthesisState out;
    out.x = s.x.repeat_interleave(n, 0);
    if (s.img.defined()) out.img = s.img.repeat_interleave(n, 0);
    out.next_layer = s.next_layer;
    out.transform = s.transform;
    return out;
}

}  // namespace stylemix
