#include "model/kernels/activation.h"

#include <cmath>
#include <stdexcept>

namespace stylemix {

double defaultGain(const std::string& act) {
    return (act == "relu" || act == "lrelu" || act == "swish") ? std::sqrt(2.0) : 1.0;
}

torch::Tensor activate(const torch::Tensor& x, const std::string& act) {
    if (act == "linear") return x;
    if (act == "lrelu") return torch::leaky_relu(x, 0.2);
    if (act == "relu") return torch::relu(x);
    if (act == "tanh") return torch::tanh(x);
    if (act == "sigmoid") return torch::sigmoid(x);
    if (act == "elu") return torch::elu(x);
    if (act == "selu") return torch::selu(x);
    if (act == "softplus") return torch::softplus(x);
    if (act == "swish") return x * torch::sigmoid(x);
    throw std::invalid_argument("unknown activation '" + act + "'");
}

// Negative-side slope of a positively homogeneous activation (f(g x) = g f(x) for g > 0).
float homogeneousSlope(const std::string& act) {
    if (act == "lrelu") return 0.2f;
    if (act == "relu") return 0.0f;
    return 1.0f;   // linear
}

// bias_act's reference path: add bias, activate, scale by gain, clamp.
torch::Tensor biasAct(torch::Tensor x, const torch::Tensor& bias, const std::string& act, double gain,
                      std::optional<double> clamp) {
    if (bias.defined()) {
        std::vector<int64_t> shape(static_cast<size_t>(x.dim()), 1);
        shape[1] = -1;
        x = x + bias.view(shape);
    }
    x = activate(x, act);
    if (gain != 1.0) x = x * gain;
    if (clamp && *clamp >= 0) x = x.clamp(-*clamp, *clamp);
    return x;
}

torch::Tensor normalize2ndMoment(const torch::Tensor& x) {
    return x * (x.square().mean(1, /*keepdim=*/true) + 1e-8).rsqrt();
}

}  // namespace stylemix
