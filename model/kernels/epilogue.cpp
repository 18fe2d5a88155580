#include "model/kernels/epilogue.h"

#include <ATen/Parallel.h>

#include <algorithm>

namespace stylemix {

bool isNhwc(const torch::Tensor& y) {
    if (y.dim() != 4) return false;
    const int64_t c = y.size(1), h = y.size(2), w = y.size(3);
    return y.stride(1) == 1 && y.stride(3) == c && y.stride(2) == w * c && y.stride(0) == h * w * c;
}

void epilogueCpu(torch::Tensor& y, const float* scale, const float* bias, const float* noise, bool noise_per_item,
                 float slope, float clampv) {
    const int64_t n = y.size(0), c = y.size(1), hw = y.size(2) * y.size(3);
    float* data = y.data_ptr<float>();
    if (isNhwc(y)) {
        at::parallel_for(0, n * hw, std::max<int64_t>(1, 16384 / std::max<int64_t>(c, 1)), [&](int64_t b, int64_t e) {
            for (int64_t idx = b; idx < e; ++idx) {
                const int64_t ni = idx / hw, p = idx % hw;
                float* row = data + idx * c;
                const float* s = scale + ni * c;
                const float nz = noise ? noise[(noise_per_item ? ni * hw : 0) + p] : 0.0f;
                for (int64_t k = 0; k < c; ++k) {
                    float v = row[k] * s[k] + (bias[k] + nz);
                    v = std::max(v, v * slope);
                    v = std::min(std::max(v, -clampv), clampv);
                    row[k] = v;
                }
            }
        });
    } else {
        at::parallel_for(0, n * c, std::max<int64_t>(1, 16384 / std::max<int64_t>(hw, 1)), [&](int64_t b, int64_t e) {
            for (int64_t idx = b; idx < e; ++idx) {
                const int64_t ni = idx / c, k = idx % c;
                float* plane = data + idx * hw;
                const float s = scale[idx], bk = bias[k];
                const float* nz = noise ? noise + (noise_per_item ? ni * hw : 0) : nullptr;
                if (nz) {
                    for (int64_t p = 0; p < hw; ++p) {
                        float v = plane[p] * s + (bk + nz[p]);
                        v = std::max(v, v * slope);
                        plane[p] = std::min(std::max(v, -clampv), clampv);
                    }
                } else {
                    for (int64_t p = 0; p < hw; ++p) {
                        float v = plane[p] * s + bk;
                        v = std::max(v, v * slope);
                        plane[p] = std::min(std::max(v, -clampv), clampv);
                    }
                }
            }
        });
    }
}

}  // namespace stylemix
