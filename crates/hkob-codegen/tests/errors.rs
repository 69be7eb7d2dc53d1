//! What cannot be converted or generated is an error naming the JSON pointer of the construct,
//! for every input format; and no malformed document makes the generator panic.

use std::path::PathBuf;

use hkob_codegen::{CodegenError, Job, generate};

const SWAGGER: &str = "swagger: '2.0'\ninfo: {title: t, version: '1'}\n";
const OPENAPI31: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n";
const OPENAPI30: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

/// Generates the spec `head` + `body` (written to a scratch file) in memory.
fn run(name: &str, head: &str, body: &str) -> Result<hkob_codegen::Generated, CodegenError> {
    let dir =
        std::env::temp_dir().join(format!("hkob-codegen-errors-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let spec: PathBuf = dir.join("spec.yaml");
    std::fs::write(&spec, format!("{head}{body}")).expect("write spec");
    let job = Job::new(&spec, dir.join("out"));
    let result = std::panic::catch_unwind(|| generate(&job));
    let _ = std::fs::remove_dir_all(&dir);
    match result {
        Ok(r) => r,
        Err(_) => panic!("{name}: the generator panicked"),
    }
}

/// The JSON pointer an error names, if it names one.
fn pointer(e: &CodegenError) -> Option<&str> {
    match e {
        CodegenError::Unsupported { pointer, .. } | CodegenError::Invalid { pointer, .. } => {
            Some(pointer)
        }
        _ => None,
    }
}

/// (name, document head, rest of the document, the pointer the error must name)
type Case = (&'static str, &'static str, &'static str, &'static str);

const POINTED: &[Case] = &[
    // Swagger 2.0: constructs with no OpenAPI 3.0 form, and broken structure.
    (
        "swagger_tsv",
        SWAGGER,
        "paths: {/a: {get: {parameters: [{name: t, in: query, type: array, collectionFormat: tsv, items: {type: string}}], responses: {'200': {description: ok}}}}}\n",
        "#/paths/~1a/get/parameters/0/collectionFormat",
    ),
    (
        "swagger_two_bodies",
        SWAGGER,
        "paths: {/a: {post: {parameters: [{name: a, in: body, schema: {type: object}}, {name: b, in: body, schema: {type: object}}], responses: {'200': {description: ok}}}}}\n",
        "#/paths/~1a/post/parameters/1",
    ),
    (
        "swagger_body_and_form",
        SWAGGER,
        "paths: {/a: {post: {parameters: [{name: a, in: body, schema: {type: object}}, {name: b, in: formData, type: string}], responses: {'200': {description: ok}}}}}\n",
        "#/paths/~1a/post/parameters/0",
    ),
    (
        "swagger_file_in_query",
        SWAGGER,
        "paths: {/a: {get: {parameters: [{name: f, in: query, type: file}], responses: {'200': {description: ok}}}}}\n",
        "#/paths/~1a/get/parameters/0/type",
    ),
    (
        "swagger_path_item_ref",
        SWAGGER,
        "x-shared: {get: {responses: {'200': {description: ok}}}}\npaths: {/a: {$ref: '#/x-shared'}}\n",
        "#/paths/~1a/$ref",
    ),
    (
        "swagger_tuple_items",
        SWAGGER,
        "paths: {}\ndefinitions: {Pair: {type: array, items: [{type: string}, {type: integer}]}}\n",
        "#/definitions/Pair/items",
    ),
    (
        "swagger_oauth_flow",
        SWAGGER,
        "paths: {}\nsecurityDefinitions: {s: {type: oauth2, flow: magic}}\n",
        "#/securityDefinitions/s/flow",
    ),
    ("swagger_paths_list", SWAGGER, "paths: [1, 2]\n", "#/paths"),
    (
        "swagger_definitions_list",
        SWAGGER,
        "paths: {}\ndefinitions: [a]\n",
        "#/definitions",
    ),
    (
        "swagger_definition_number",
        SWAGGER,
        "paths: {}\ndefinitions: {A: 3}\n",
        "#/definitions/A",
    ),
    (
        "swagger_type_number",
        SWAGGER,
        "paths: {}\ndefinitions: {A: {type: 5}}\n",
        "#/definitions/A/type",
    ),
    (
        "swagger_parameters_object",
        SWAGGER,
        "paths: {/a: {get: {parameters: {a: 1}, responses: {}}}}\n",
        "#/paths/~1a/get/parameters",
    ),
    (
        "swagger_no_info",
        "swagger: '2.0'\n",
        "paths: {}\n",
        "#/info",
    ),
    (
        "swagger_ref_nowhere",
        SWAGGER,
        "paths: {}\ndefinitions: {A: {type: object, properties: {b: {$ref: '#/definitions/Nope'}}}}\n",
        "#/definitions/A/properties/b/$ref",
    ),
    (
        "swagger_parameter_ref_nowhere",
        SWAGGER,
        "paths: {/a: {get: {parameters: [{$ref: '#/parameters/X'}], responses: {'200': {description: ok}}}}}\n",
        "#/paths/~1a/get/parameters/0/$ref",
    ),
    (
        "swagger_response_ref_nowhere",
        SWAGGER,
        "paths: {/a: {get: {responses: {'200': {$ref: '#/responses/Nope'}}}}}\n",
        "#/paths/~1a/get/responses/200/$ref",
    ),
    (
        "swagger_ref_cycle",
        SWAGGER,
        "paths: {}\ndefinitions: {A: {$ref: '#/definitions/B'}, B: {$ref: '#/definitions/A'}}\n",
        "#/definitions/A/$ref",
    ),
    (
        "swagger_parameter_ref_cycle",
        SWAGGER,
        "parameters: {X: {$ref: '#/parameters/X'}}\npaths: {/a: {get: {parameters: [{$ref: '#/parameters/X'}], responses: {'200': {description: ok}}}}}\n",
        "#/parameters/X/$ref",
    ),
    // OpenAPI 3.1.
    (
        "openapi31_type_not_string",
        OPENAPI31,
        "paths: {}\ncomponents: {schemas: {A: {type: [string, 5]}}}\n",
        "#/components/schemas/A/type",
    ),
    ("openapi31_paths_list", OPENAPI31, "paths: [1]\n", "#/paths"),
    (
        "openapi31_path_item_list",
        OPENAPI31,
        "paths: {/a: [1]}\n",
        "#/paths/~1a",
    ),
    (
        "openapi31_operation_string",
        OPENAPI31,
        "paths: {/a: {get: x}}\n",
        "#/paths/~1a/get",
    ),
    (
        "openapi31_schemas_list",
        OPENAPI31,
        "paths: {}\ncomponents: {schemas: [a]}\n",
        "#/components/schemas",
    ),
    (
        "openapi31_property_number",
        OPENAPI31,
        "paths: {}\ncomponents: {schemas: {A: {type: object, properties: {a: 5}}}}\n",
        "#/components/schemas/A/properties/a",
    ),
    (
        "openapi31_items_number",
        OPENAPI31,
        "paths: {}\ncomponents: {schemas: {A: {type: array, items: 5}}}\n",
        "#/components/schemas/A/items",
    ),
    (
        "openapi31_all_of_object",
        OPENAPI31,
        "paths: {}\ncomponents: {schemas: {A: {allOf: {a: 1}}}}\n",
        "#/components/schemas/A/allOf",
    ),
    (
        "openapi31_parameters_object",
        OPENAPI31,
        "paths: {/a: {get: {parameters: {a: 1}, responses: {}}}}\n",
        "#/paths/~1a/get/parameters",
    ),
    (
        "openapi31_content_list",
        OPENAPI31,
        "paths: {/a: {get: {responses: {'200': {description: d, content: [1]}}}}}\n",
        "#/paths/~1a/get/responses/200/content",
    ),
    (
        "openapi31_no_info",
        "openapi: 3.1.0\n",
        "paths: {}\n",
        "#/info",
    ),
    (
        "openapi31_ref_nowhere",
        OPENAPI31,
        "paths: {}\ncomponents: {schemas: {A: {type: object, properties: {b: {$ref: '#/components/schemas/Nope'}}}}}\n",
        "#/components/schemas/A/properties/b/$ref",
    ),
    (
        "openapi31_ref_to_itself_with_siblings",
        OPENAPI31,
        "paths: {}\ncomponents: {schemas: {A: {$ref: '#/components/schemas/A', readOnly: true}}}\n",
        "#/components/schemas/A/$ref",
    ),
    // OpenAPI 3.0: the reference checks are the same for every format.
    (
        "openapi30_ref_nowhere",
        OPENAPI30,
        "paths: {}\ncomponents: {schemas: {A: {type: object, properties: {b: {$ref: '#/components/schemas/Nope'}}}}}\n",
        "#/components/schemas/A/properties/b/$ref",
    ),
    (
        "openapi30_all_of_cycle",
        OPENAPI30,
        "paths: {}\ncomponents: {schemas: {A: {allOf: [{$ref: '#/components/schemas/B'}]}, B: {allOf: [{$ref: '#/components/schemas/A'}]}}}\n",
        "#/components/schemas/A/allOf/0/$ref",
    ),
    (
        "openapi30_response_ref_cycle",
        OPENAPI30,
        "paths: {/a: {get: {responses: {'200': {$ref: '#/components/responses/R'}}}}}\ncomponents: {responses: {R: {$ref: '#/components/responses/R'}}}\n",
        "#/components/responses/R/$ref",
    ),
];

#[test]
fn what_cannot_be_generated_names_its_json_pointer() {
    for (name, head, body, expected) in POINTED {
        match run(name, head, body) {
            Ok(_) => panic!("{name}: generated without an error"),
            Err(e) => {
                assert_eq!(pointer(&e), Some(*expected), "{name}: {e}");
                assert!(
                    e.to_string().contains(&format!("at {expected}: ")),
                    "{name}: the message names the pointer: {e}"
                );
            }
        }
    }
}

#[test]
fn each_input_format_has_pointed_errors() {
    for prefix in ["swagger_", "openapi31_", "openapi30_"] {
        let n = POINTED.iter().filter(|c| c.0.starts_with(prefix)).count();
        assert!(n >= 3, "{prefix}: {n}");
    }
}

#[test]
fn a_badly_shaped_openapi30_document_names_the_place() {
    // The pointer is as deep as the reader can follow: inside `paths`, whose entries are read
    // through a flattened map, it stops at `#/paths`.
    for (body, pointer) in [
        (
            "paths: {/a: {get: {responses: {'200': {description: 5}}}}}\n",
            "#/paths",
        ),
        (
            "paths: {}\ncomponents: {securitySchemes: {s: {type: oauth2, flows: 3}}}\n",
            "#/components/securitySchemes",
        ),
        ("paths: {}\ntags: [{name: [1]}]\n", "#/tags/0/name"),
    ] {
        let text = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{body}");
        let err = run("misshapen", "", &text).expect_err("a misshapen document");
        let shown = err.to_string();
        assert!(
            shown.contains(&format!("at {pointer}")),
            "{pointer} not in: {shown}"
        );
    }
}

#[test]
fn malformed_documents_are_errors_not_panics() {
    let documents = [
        "",
        "~\n",
        "[1, 2]\n",
        "just text\n",
        "swagger: '2.0'\n",
        "swagger: 2\n",
        "swagger: '1.2'\ninfo: {title: t, version: '1'}\n",
        "swagger: [2]\n",
        "openapi: 3.1.0\n",
        "openapi: 4.0.0\n",
        "openapi: {a: 1}\n",
        "swagger: '2.0'\nopenapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n",
        "swagger: '2.0'\ninfo: 5\npaths: {}\n",
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {responses: [1]}}}\n",
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\nhost: h.example\nschemes: https\npaths: {}\n",
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\nconsumes: 5\npaths: {}\n",
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {parameters: [5], responses: {}}}}\n",
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {parameters: [{in: formData, type: string}], responses: {}}}}\n",
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {parameters: [{name: x, in: query}], responses: {}}}}\n",
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {parameters: [{name: x, in: query, type: array}], responses: {}}}}\n",
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {parameters: [{name: x, in: cookie, type: string}], responses: {}}}}\n",
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\nsecurityDefinitions: {s: {type: oauth2, flow: accessCode}}\n",
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\nsecurityDefinitions: {s: 5}\n",
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\ndefinitions: {A: {properties: {b: {$ref: 5}}}}\n",
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\ndefinitions: {A: {$ref: 'nowhere.yaml#/A'}}\n",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {parameters: [x], responses: {}}}}\n",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {responses: {'200': x}}}}\n",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {A: 5}}\n",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {A: {type: {}}}}\n",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {A: {properties: [1]}}}\n",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {A: {prefixItems: 3}}}\n",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {A: {$ref: '#/components/schemas/B'}, B: {allOf: [{$ref: '#/components/schemas/A'}]}}}\n",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: [1]\n",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {A: {$ref: '#/components/schemas/A'}}}\n",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: 7}\n",
    ];
    for (i, text) in documents.iter().enumerate() {
        let result = run(&format!("malformed{i}"), "", text);
        assert!(result.is_err(), "document {i} was generated:\n{text}");
    }
    // Recursion through properties is a real recursive type, not an error.
    let tree = run(
        "tree",
        OPENAPI31,
        "paths: {}\ncomponents: {schemas: {Node: {type: object, properties: {children: {type: array, items: {$ref: '#/components/schemas/Node'}}, parent: {oneOf: [{$ref: '#/components/schemas/Node'}, {type: 'null'}]}}}}}\n",
    );
    assert!(tree.is_ok(), "{:?}", tree.err().map(|e| e.to_string()));
}
