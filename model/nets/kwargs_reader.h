// One reader for every family's constructor kwargs (a JSON object: init_kwargs,
// TF static_kwargs), with one wording for every error:
//   <source>: <what>: expected a JSON object, got <value>
//   <source>: <what>: missing required key '<key>'
//   <source>: <what>: '<key>' must be an integer | a number | a finite number | a positive number | true or false | a string | an object, got <value>
//   <source>: <what>: '<key>' = <value> is out of range (expected <lo>..<hi>)
//   <source>: <what>: unknown key '<key>' (not a <owner> argument)
// <value> is quoted and clipped (message_text.h's jsonPreview). Keys name
// nested kwargs with dots ("mapping_kwargs.num_layers").
#pragma once

#include "model/core/model_description.h"

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace stylemix {

class KwargsReader {
public:
    // `what` names the kwargs in messages: "init_kwargs", "StyleGAN1 static_kwargs".
    KwargsReader(std::string source, std::string what);

    // The kwargs text parsed (strict_json.h); must be an object.
    nlohmann::json parseObject(const std::string& json_text) const;

    // An integer (a float with an integral value too: numpy ints) in [lo, hi].
    int integer(const nlohmann::json& v, const std::string& key, long long lo, long long hi) const;
    // A finite number in [lo, hi]; any finite number.
    double number(const nlohmann::json& v, const std::string& key, double lo, double hi) const;
    double number(const nlohmann::json& v, const std::string& key) const;
    double positiveNumber(const nlohmann::json& v, const std::string& key) const;   // finite, > 0
    bool boolean(const nlohmann::json& v, const std::string& key) const;
    std::string string(const nlohmann::json& v, const std::string& key) const;
    const nlohmann::json& object(const nlohmann::json& v, const std::string& key) const;

    void require(const nlohmann::json& obj, const std::string& key) const;   // missing required key
    [[noreturn]] void unknownKey(const std::string& key, const std::string& owner) const;
    // "<source>: <what>: <message>"
    std::runtime_error error(const std::string& message) const;

    const std::string& source() const { return source_; }

private:
    [[noreturn]] void mustBe(const std::string& key, const char* kind, const nlohmann::json& v) const;

    std::string source_;
    std::string what_;
};

// What every family's describe() starts with: the family's name and label,
// the sizes, and the default coarse / middle / fine presets for num_ws.
struct DescriptionBasics {
    std::string family, family_label;
    int z_dim = 0, c_dim = 0, w_dim = 0, img_resolution = 0, img_channels = 0, num_ws = 0;
};
ModelDescription describeBasics(const DescriptionBasics& basics);

}  // namespace stylemix
