#include "model/nets/stylegan1/stylegan1_tf_import.h"

#include "model/io/message_text.h"
#include "model/io/strict_json.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace stylemix {

const char* const kStyleGan1ClassName = "training.networks_stylegan.G_style";

namespace {

const RawComponent* componentOf(const RawWeights& tf, const std::string& key) {
    for (const auto& c : tf.components)
        if (c.key == key) return &c;
    return nullptr;
}

std::string joinedComponents(const RawWeights& tf) {
    std::string out;
    for (const auto& c : tf.components) {
        if (c.key.find('/') != std::string::npos) continue;   // top level only
        out += (out.empty() ? "" : ", ") + quoteText(c.key) + " (" + quoteText(c.class_name) + ")";
    }
    return out.empty() ? "none" : out;
}

// Only Gs's own variables and those of its mapping and synthesis are G_style's
// (other components, nested ones included, are not read).
void dropOtherComponents(RawWeights& raw) {
    for (const auto& c : raw.components) {
        if (c.key == "mapping" || c.key == "synthesis") continue;
        const std::string prefix = c.key + "/";
        for (auto it = raw.tensors.lower_bound(prefix); it != raw.tensors.end() && it->first.compare(0, prefix.size(), prefix) == 0;)
            it = raw.tensors.erase(it);
    }
}

}  // namespace

RawWeights styleGan1FromTf(RawWeights tf) {
    const RawComponent* mapping = componentOf(tf, "mapping");
    const RawComponent* synthesis = componentOf(tf, "synthesis");
    if (mapping == nullptr || synthesis == nullptr)
        throw std::runtime_error(tf.source + ": Gs (G_style) needs components 'mapping' and 'synthesis', found " + joinedComponents(tf));
    if (synthesis->class_name != "G_synthesis" || mapping->class_name != "G_mapping")
        throw std::runtime_error(tf.source + ": G_style with synthesis " + quoteText(synthesis->class_name) + " and mapping " +
                                 quoteText(mapping->class_name) + " is not supported (expected G_synthesis and G_mapping)");
    const nlohmann::json kwargs = {{"G_style", parseJsonText(tf.init_kwargs_json, tf.source + ": Gs static_kwargs")},
                                   {"mapping", parseJsonText(mapping->kwargs_json, tf.source + ": mapping static_kwargs")},
                                   {"synthesis", parseJsonText(synthesis->kwargs_json, tf.source + ": synthesis static_kwargs")}};
    tf.init_kwargs_json = kwargs.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    dropOtherComponents(tf);
    tf.components.clear();
    tf.class_name = kStyleGan1ClassName;
    tf.container = Container::Safetensors;
    return tf;
}

}  // namespace stylemix
