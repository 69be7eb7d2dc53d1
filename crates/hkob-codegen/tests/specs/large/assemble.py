#!/usr/bin/env python3
# Assembles the two large test specs of hkob-codegen from the project's own OpenAPI 3.0 specs.
#
# Reads every spec under specs/ (the 13 bank APIs hkob speaks) and writes, beside this script:
#
#   bank-swagger20.json   one Swagger 2.0 document of the whole imaginary "Harbour Example Bank"
#   bank-openapi31.yaml   the same API as one OpenAPI 3.1 document
#
# Each source spec becomes one part of the bank: its paths move under `/<phase>/<group>` (for example
# `/products/jetco/deposits/v1/savings`), and a component name that two sources share is prefixed with the
# source's group (`HsbcTimeDeposit`), or with its group and phase (`JetcoProductErrorResponse`) when two
# phases of one group share it; operation ids, tags and security schemes are renamed the same way. The
# descriptions and examples are the sources' own. The script adds little of its own: two OAuth 2.0 token
# operations with form (`formData`) bodies, the token answer and error they return, and two tuples
# (`GeoPosition`, `CurrencyPair`), so that both formats show form bodies and (in 3.1) `prefixItems`.
#
# Signed text with thousands separators (the HKMA's `+11,660`), which the project reads through an override
# file, loses its `format: decimal` and stays text, as these specs are generated without overrides.
#
# Swagger 2.0 has no `openIdConnect` scheme, no tuple and one example per media type: the discovery
# schemes are left out of that document, a tuple is an array of two items, and only the first of several
# named examples is kept.
#
# Rerun from the repository root (needs Python 3 and PyYAML); the output is deterministic:
#
#   python3 crates/hkob-codegen/tests/specs/large/assemble.py

import copy
import json
import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", ".."))
SPECS = os.path.join(REPO, "specs")

HOST = "api.harbour-bank.example"
BASE = "/open-api"
ORIGIN = "https://" + HOST + BASE

# file, group (type prefix), phase word (type prefix), path segments, heading.
SOURCES = [
    ("hkma-public.yaml", "Hkma", "Public", "/public/hkma", "Public data of the HKMA"),
    ("phase1-jetco-apix.yaml", "Jetco", "Product", "/products/jetco", "Phase I, JETCO APIX banks"),
    ("phase1-hsbc-group.yaml", "Hsbc", "Product", "/products/hsbc", "Phase I, HSBC group"),
    ("phase1-bochk-group.yaml", "Bochk", "Product", "/products/bochk", "Phase I, BOCHK group"),
    ("phase1-standard-chartered.yaml", "StanChart", "Product", "/products/stanchart",
     "Phase I, Standard Chartered"),
    ("phase1-dbs.yaml", "Dbs", "Product", "/products/dbs", "Phase I, DBS"),
    ("phase2-jetco-apix.yaml", "Jetco", "Application", "/applications/jetco", "Phase II, JETCO APIX banks"),
    ("phase2-hsbc-group.yaml", "Hsbc", "Application", "/applications/hsbc", "Phase II, HSBC group"),
    ("phase2-bochk-group.yaml", "Bochk", "Application", "/applications/bochk", "Phase II, BOCHK group"),
    ("phase3-jetco-apix.yaml", "Jetco", "Account", "/accounts/jetco", "Phase III, JETCO APIX banks"),
    ("phase3-hsbc-group.yaml", "Hsbc", "Account", "/accounts/hsbc", "Phase III, HSBC group"),
    ("phase4-jetco-apix.yaml", "Jetco", "Payment", "/payments/jetco", "Phase IV, JETCO APIX banks"),
    ("phase4-hsbc-group.yaml", "Hsbc", "Payment", "/payments/hsbc", "Phase IV, HSBC group"),
]

METHODS = ["get", "put", "post", "delete", "options", "head", "patch"]
KINDS = ["schemas", "parameters", "responses", "headers", "examples", "securitySchemes"]

# Keywords of a 3.0 parameter schema that a Swagger 2.0 non-body parameter carries itself.
VALUE_KEYWORDS = [
    "type", "format", "enum", "default", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
    "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "multipleOf",
]


def lower_first(s):
    return s[:1].lower() + s[1:]


def upper_first(s):
    return s[:1].upper() + s[1:]


class Source:
    def __init__(self, index, file, group, phase, prefix, heading):
        self.index = index
        self.file = file
        self.group = group
        self.phase = phase
        self.prefix = prefix
        self.heading = heading
        with open(os.path.join(SPECS, file), encoding="utf-8") as f:
            self.doc = yaml.safe_load(f)
        if not str(self.doc.get("openapi", "")).startswith("3.0"):
            sys.exit(f"{file}: not an OpenAPI 3.0 document")
        self.components = self.doc.get("components", {})
        # kind -> old name -> new name
        self.names = {kind: {} for kind in KINDS}
        self.op_ids = {}
        self.tags = {}

    def component(self, kind, name):
        return self.components[kind][name]


def canonical(value):
    return json.dumps(value, sort_keys=True)


def assign_names(sources, entries, style, dedupe=False):
    """entries: list of (source, name, value). Returns {(source index, name): new name}.

    A name only one source uses is kept; one several sources use gets the group's prefix, or the group's
    and the phase's when several sources of one group use it. With `dedupe`, sources of one group whose
    values are identical share the group-prefixed name."""
    by_name = {}
    for src, name, value in entries:
        by_name.setdefault(name, []).append((src, value))
    taken = {}
    result = {}

    def join(*parts):
        if style == "camel":
            return lower_first("".join(upper_first(p) for p in parts))
        if style == "kebab":
            return "-".join(p.lower() for p in parts)
        return "".join(upper_first(p) for p in parts)

    plain = {name for name, users in by_name.items() if len(users) == 1}
    for name, users in by_name.items():
        for src, value in users:
            if name in plain:
                new = name
            else:
                same_group = [v for s, v in users if s.group == src.group]
                identical = all(canonical(v) == canonical(value) for v in same_group)
                if len(same_group) == 1 or (dedupe and identical):
                    new = join(src.group, name)
                else:
                    new = join(src.group, src.phase, name)
            # Two entries may share a name only when they are one deduplicated value.
            key = canonical(value) if dedupe else (src.index, name)
            if taken.setdefault(new, key) != key:
                sys.exit(f"name clash: {new} ({src.file} {name})")
            result[(src.index, name)] = new
    return result


def rename_everything(sources):
    for kind in KINDS:
        entries = []
        for src in sources:
            for name, value in src.components.get(kind, {}).items():
                entries.append((src, name, value))
        style = "camel" if kind == "securitySchemes" else "pascal"
        names = assign_names(sources, entries, style, dedupe=(kind == "securitySchemes"))
        for (i, old), new in names.items():
            sources[i].names[kind][old] = new
    ops = []
    tags = []
    for src in sources:
        for path, item in src.doc["paths"].items():
            for method in METHODS:
                if method in item:
                    ops.append((src, item[method]["operationId"], None))
        for tag in src.doc.get("tags", []):
            tags.append((src, tag["name"], tag))
    for (i, old), new in assign_names(sources, ops, "camel").items():
        sources[i].op_ids[old] = new
    for (i, old), new in assign_names(sources, tags, "kebab").items():
        sources[i].tags[old] = new


def rewrite_refs(value, src):
    """Points every `#/components/<kind>/<name>` of the source at the renamed component (3.0 places)."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k == "$ref" and isinstance(v, str) and v.startswith("#/components/"):
                _, _, kind, name = v.split("/", 3)
                out[k] = f"#/components/{kind}/{src.names[kind][name]}"
            else:
                out[k] = rewrite_refs(v, src)
        return out
    if isinstance(value, list):
        return [rewrite_refs(v, src) for v in value]
    return value


def absolute_url(url, src):
    if url.startswith("http"):
        return url
    return ORIGIN + src.prefix + url


# --------------------------------------------------------------------------------------------------
# The merged API in OpenAPI 3.0 terms; both outputs are written from it.


def merged(sources):
    rename_everything(sources)
    api = {
        "paths": {},
        "components": {kind: {} for kind in KINDS},
        "tags": [],
        "descriptions": [],
    }
    seen_tags = set()
    for src in sources:
        doc = src.doc
        api["descriptions"].append((src, doc["info"]))
        for tag in doc.get("tags", []):
            new = src.tags[tag["name"]]
            if new not in seen_tags:
                seen_tags.add(new)
                t = dict(tag)
                t["name"] = new
                t["description"] = f"{src.heading}: {tag.get('description', tag['name'])}"
                api["tags"].append(t)
        for kind in KINDS:
            for name, value in src.components.get(kind, {}).items():
                new = src.names[kind][name]
                value = rewrite_refs(value, src)
                if kind == "schemas":
                    value = plain_signed_text(value)
                if kind == "securitySchemes":
                    value = copy.deepcopy(value)
                    for flow in value.get("flows", {}).values():
                        for url in ("authorizationUrl", "tokenUrl", "refreshUrl"):
                            if url in flow:
                                flow[url] = absolute_url(flow[url], src)
                    if "openIdConnectUrl" in value:
                        value["openIdConnectUrl"] = absolute_url(value["openIdConnectUrl"], src)
                api["components"][kind].setdefault(new, value)
        default_security = doc.get("security")
        for path, item in doc["paths"].items():
            new_path = src.prefix + path
            if new_path in api["paths"]:
                sys.exit(f"path clash: {new_path}")
            out_item = {}
            for key, value in item.items():
                if key not in METHODS:
                    out_item[key] = rewrite_refs(value, src)
                    continue
                op = rewrite_refs(value, src)
                op["operationId"] = src.op_ids[value["operationId"]]
                op["tags"] = [src.tags[t] for t in value.get("tags", [])]
                security = value.get("security", default_security)
                if security is not None:
                    op["security"] = [
                        {src.names["securitySchemes"][k]: v for k, v in req.items()} for req in security
                    ]
                # Keep the keys in their usual order.
                order = ["tags", "summary", "description", "operationId", "security"]
                op = {k: op[k] for k in order if k in op} | {k: v for k, v in op.items() if k not in order}
                out_item[key] = op
            api["paths"][new_path] = out_item
    additions(api, sources)
    return api


def plain_signed_text(schema):
    """Signed text with thousands separators (the HKMA's `+11,660`) stays text.

    The project decodes it with a type of its own, chosen by an override file (see
    crates/hkob-hkma/codegen/hkma-public.overrides.toml); a spec without overrides cannot say so, and
    `format: decimal` would make the generated client refuse the examples."""
    if isinstance(schema, dict):
        out = {k: plain_signed_text(v) for k, v in schema.items()}
        if out.get("type") == "string" and out.get("format") == "decimal" and "," in out.get("pattern", ""):
            del out["format"]
        return out
    if isinstance(schema, list):
        return [plain_signed_text(v) for v in schema]
    return schema


def additions(api, sources):
    """What the whole-bank spec adds: token operations with form bodies, and two tuples."""
    schemas = api["components"]["schemas"]
    assert "OAuthTokenResponse" not in schemas and "OAuthError" not in schemas
    schemas["OAuthTokenResponse"] = {
        "type": "object",
        "description": "An access token issued by the client-credentials grant (RFC 6749, section 4.4).",
        "required": ["access_token", "token_type", "expires_in"],
        "properties": {
            "access_token": {"type": "string", "description": "The access token, sent as `Authorization: Bearer <access_token>`."},
            "token_type": {"type": "string", "enum": ["Bearer"], "description": "Always `Bearer`."},
            "expires_in": {"type": "integer", "format": "int32", "minimum": 1,
                           "description": "Seconds the token stays valid."},
            "scope": {"type": "string", "nullable": True,
                      "description": "The scopes granted, separated by spaces; absent when the API has none."},
        },
    }
    schemas["OAuthError"] = {
        "type": "object",
        "description": "Why the token endpoint refused the request (RFC 6749, section 5.2).",
        "required": ["error"],
        "properties": {
            "error": {"type": "string",
                      "enum": ["invalid_request", "invalid_client", "invalid_grant", "unauthorized_client",
                               "unsupported_grant_type", "invalid_scope"],
                      "description": "The error code."},
            "error_description": {"type": "string", "nullable": True,
                                  "description": "Human-readable text about the error."},
        },
    }
    # The form fields of a token request, shared by the token operations.
    form = {
        "type": "object",
        "required": ["grant_type", "client_id", "client_secret"],
        "properties": {
            "grant_type": {"type": "string", "enum": ["client_credentials"],
                           "description": "The grant: always `client_credentials`."},
            "client_id": {"type": "string", "minLength": 1,
                          "description": "Client id of the application."},
            "client_secret": {"type": "string", "minLength": 1,
                              "description": "Client secret of the same application."},
            "scope": {"type": "string", "description": "The scopes asked for, separated by spaces."},
        },
    }
    token_example = {
        "access_token": "AAIkNzVhNWM5ZTItNjI3Yy00ZWQ4LWIxYjktYzM0Mzk1YjE2ZGNm",
        "token_type": "Bearer",
        "expires_in": 3600,
        "scope": "products",
    }
    by_file = {s.file: s for s in sources}
    for file, path, op_id in [
        ("phase1-standard-chartered.yaml", "/retail/v1/oauth2/token", "requestStanChartToken"),
        ("phase1-bochk-group.yaml", "/auth/oauth/v2/token", "requestBochkToken"),
    ]:
        src = by_file[file]
        scheme = next(
            name for name, s in src.components["securitySchemes"].items() if s.get("type") == "oauth2"
        )
        api["paths"][src.prefix + path] = {
            "post": {
                "tags": [api_tag(api, src)],
                "summary": "Takes an access token with the client-credentials grant.",
                "description": src.components["securitySchemes"][scheme]["description"],
                "operationId": op_id,
                "security": [],
                "requestBody": {
                    "required": True,
                    "content": {"application/x-www-form-urlencoded": {"schema": copy.deepcopy(form)}},
                },
                "responses": {
                    "200": {
                        "description": "The token.",
                        "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/OAuthTokenResponse"},
                            "example": token_example,
                        }},
                    },
                    "400": {
                        "description": "The request is refused.",
                        "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/OAuthError"},
                            "example": {"error": "invalid_client",
                                        "error_description": "Client authentication failed."},
                        }},
                    },
                },
            }
        }
    # Tuples, said with `prefixItems` in 3.1 and as two-item arrays in 2.0.
    schemas["GeoPosition"] = {
        "type": "array",
        "description": "A point as one `[latitude, longitude]` pair in decimal degrees (WGS 84).",
        "x-tuple": [
            {"type": "number", "format": "decimal", "minimum": -90, "maximum": 90,
             "description": "Latitude in decimal degrees (WGS 84)."},
            {"type": "number", "format": "decimal", "minimum": -180, "maximum": 180,
             "description": "Longitude in decimal degrees (WGS 84)."},
        ],
        "minItems": 2,
        "maxItems": 2,
    }
    schemas["CurrencyPair"] = {
        "type": "array",
        "description": "A currency pair as `[base, quote]` ISO 4217 codes, e.g. `[USD, HKD]`.",
        "x-tuple": [
            {"type": "string", "pattern": "^[A-Z]{3}$", "description": "ISO 4217 currency code."},
            {"type": "string", "pattern": "^[A-Z]{3}$", "description": "ISO 4217 currency code."},
        ],
        "minItems": 2,
        "maxItems": 2,
    }
    hkma = by_file["hkma-public.yaml"]
    ai = schemas[hkma.names["schemas"]["AuthorizedInstitution"]]
    ai["properties"]["position"] = {
        "$ref": "#/components/schemas/GeoPosition",
        "description": "The Hong Kong address as one pair, the same values as `latitude` and `longitude`.",
    }
    sc = by_file["phase1-standard-chartered.yaml"]
    fx = schemas[sc.names["schemas"]["FxRate"]]
    fx["properties"]["currencies"] = {
        "$ref": "#/components/schemas/CurrencyPair",
        "description": "The `currency-pair` as its two currencies, base first.",
    }


def api_tag(api, src):
    """The tag for the token operation of a source: `<group>-auth`."""
    name = f"{src.group.lower()}-auth"
    if not any(t["name"] == name for t in api["tags"]):
        api["tags"].append({"name": name, "description": f"{src.heading}: OAuth 2.0 tokens."})
    return name


def info(api, version):
    parts = [
        "The Open API of Harbour Example Bank, an imaginary Hong Kong bank, covering the four phases of the "
        "HKMA Open API Framework (product information, applications, account information, transactions) "
        "and the HKMA's public data. A large test spec of hkob-codegen, assembled by "
        "`crates/hkob-codegen/tests/specs/large/assemble.py` from the project's own specs in `specs/`: each "
        "part below is one of them, under the path prefix given in its heading.",
    ]
    for src, source_info in api["descriptions"]:
        parts.append(f"## {src.heading} (`{src.prefix}`): {source_info['title']}\n\n"
                     f"{source_info.get('description', '').strip()}")
    return {
        "title": "Harbour Example Bank Open API",
        "version": version,
        "description": "\n\n".join(parts) + "\n",
    }


# --------------------------------------------------------------------------------------------------
# Swagger 2.0


def ref20(ref):
    for old, new in [("#/components/schemas/", "#/definitions/"),
                     ("#/components/parameters/", "#/parameters/"),
                     ("#/components/responses/", "#/responses/")]:
        if ref.startswith(old):
            return new + ref[len(old):]
    sys.exit(f"no Swagger 2.0 place for {ref}")


def schema20(s):
    if not isinstance(s, dict):
        return s
    out = {}
    for k, v in s.items():
        if k == "$ref":
            out[k] = ref20(v)
        elif k == "nullable":
            if v:
                out["x-nullable"] = True
        elif k == "x-tuple":
            # No tuples in 2.0: an array of the one item type, or of the first when they differ.
            first = dict(v[0])
            first.pop("description", None)
            if "minimum" in first:
                first.pop("minimum")
                first.pop("maximum", None)
            out["items"] = schema20(first)
        elif k == "properties":
            out[k] = {n: schema20(p) for n, p in v.items()}
        elif k in ("items", "additionalProperties", "not"):
            out[k] = schema20(v)
        elif k in ("allOf", "anyOf", "oneOf"):
            out[k] = [schema20(x) for x in v]
        else:
            out[k] = v
    return out


def resolve(api, value, kind):
    while isinstance(value, dict) and "$ref" in value:
        name = value["$ref"].rsplit("/", 1)[1]
        value = api["components"][kind][name]
    return value


def param_schema20(api, schema):
    """A 3.0 parameter or header schema → the Swagger 2.0 keywords of the parameter itself."""
    schema = resolve(api, schema, "schemas")
    out = {}
    for k in VALUE_KEYWORDS:
        if k in schema:
            out[k] = schema[k]
    if "items" in schema:
        out["items"] = param_schema20(api, schema["items"])
    return out


def parameter20(api, p):
    out = {k: p[k] for k in ("name", "in", "description", "required") if k in p}
    out.update(param_schema20(api, p["schema"]))
    if out.get("type") == "array":
        explode = p.get("explode", p.get("style", "form") == "form")
        out["collectionFormat"] = "multi" if explode and p["in"] == "query" else "csv"
    if "example" in p:
        out["x-example"] = p["example"]
    for k, v in p.items():
        if k.startswith("x-"):
            out[k] = v
    return out


def headers20(api, headers):
    out = {}
    for name, h in headers.items():
        h = resolve(api, h, "headers")
        converted = {}
        if "description" in h:
            converted["description"] = h["description"]
        converted.update(param_schema20(api, h["schema"]))
        out[name] = converted
    return out


def media_example(api, media):
    if "example" in media:
        return True, media["example"]
    for ex in media.get("examples", {}).values():
        ex = resolve(api, ex, "examples")
        return True, ex["value"]
    return False, None


def response20(api, r):
    if "$ref" in r:
        return {"$ref": ref20(r["$ref"])}
    out = {"description": r.get("description", "")}
    content = r.get("content", {})
    if content:
        (media_type, media), = content.items()
        out["schema"] = schema20(media["schema"])
        found, example = media_example(api, media)
        if found:
            out["examples"] = {media_type: example}
    if "headers" in r:
        out["headers"] = headers20(api, r["headers"])
    for k, v in r.items():
        if k.startswith("x-"):
            out[k] = v
    return out


def swagger20(api, body_uses):
    doc = {
        "swagger": "2.0",
        "info": info(api, "1.0.0"),
        "host": HOST,
        "basePath": BASE,
        "schemes": ["https"],
        "consumes": ["application/json"],
        "produces": ["application/json"],
        "tags": api["tags"],
    }
    security = {}
    for name, s in api["components"]["securitySchemes"].items():
        t = s["type"]
        if t == "apiKey":
            out = {"type": "apiKey", "name": s["name"], "in": s["in"]}
        elif t == "http" and s.get("scheme") == "basic":
            out = {"type": "basic"}
        elif t == "oauth2":
            (flow, f), = s["flows"].items()
            out = {"type": "oauth2"}
            if flow == "clientCredentials":
                out.update(flow="application", tokenUrl=f["tokenUrl"])
            elif flow == "authorizationCode":
                out.update(flow="accessCode", authorizationUrl=f["authorizationUrl"], tokenUrl=f["tokenUrl"])
            else:
                sys.exit(f"flow {flow}")
            out["scopes"] = f.get("scopes", {})
        elif t == "openIdConnect":
            continue  # no Swagger 2.0 form
        else:
            sys.exit(f"security scheme {t}")
        if "description" in s:
            out["description"] = s["description"]
        security[name] = out
    doc["securityDefinitions"] = security

    params = {name: parameter20(api, p) for name, p in api["components"]["parameters"].items()}
    # Request bodies used by more than one operation, and the token form fields, are shared parameters.
    for schema_ref, (count, first) in body_uses.items():
        if count > 1:
            name = schema_ref.rsplit("/", 1)[1] + "Body"
            assert name not in params
            bp = {"name": "body", "in": "body", "required": first.get("required", False)}
            if "description" in first:
                bp["description"] = first["description"]
            bp["schema"] = {"$ref": ref20(schema_ref)}
            found, example = media_example(api, first["content"]["application/json"])
            if found:
                bp["x-example"] = example
            params[name] = bp
    form_fields = {}
    paths = {}
    for path, item in api["paths"].items():
        out_item = {}
        for method, op in item.items():
            if method not in METHODS:
                sys.exit(f"path item key {method}")
            out = {k: op[k] for k in ("tags", "summary", "description", "operationId", "security") if k in op}
            plist = []
            for p in op.get("parameters", []):
                if "$ref" in p:
                    plist.append({"$ref": ref20(p["$ref"])})
                else:
                    plist.append(parameter20(api, p))
            body = op.get("requestBody")
            if body:
                (media_type, media), = body["content"].items()
                if media_type == "application/x-www-form-urlencoded":
                    out["consumes"] = [media_type]
                    schema = media["schema"]
                    for field, fs in schema["properties"].items():
                        key = "OAuthForm" + "".join(upper_first(w) for w in field.split("_"))
                        form_fields[key] = dict(
                            {"name": field, "in": "formData", "description": fs["description"],
                             "required": field in schema.get("required", [])},
                            **{k: v for k, v in fs.items() if k in VALUE_KEYWORDS})
                        plist.append({"$ref": f"#/parameters/{key}"})
                else:
                    schema_ref = media["schema"].get("$ref")
                    shared = schema_ref and body_uses.get(schema_ref, (0,))[0] > 1
                    if shared:
                        plist.append({"$ref": "#/parameters/" + schema_ref.rsplit("/", 1)[1] + "Body"})
                    else:
                        bp = {"name": "body", "in": "body", "required": body.get("required", False)}
                        if "description" in body:
                            bp["description"] = body["description"]
                        bp["schema"] = schema20(media["schema"])
                        found, example = media_example(api, media)
                        if found:
                            bp["x-example"] = example
                        plist.append(bp)
            if plist:
                out["parameters"] = plist
            out["responses"] = {code: response20(api, r) for code, r in op["responses"].items()}
            # A response in another media type than JSON (the HKMA's HTML gateway page) widens `produces`.
            media_types = ["application/json"]
            for r in op["responses"].values():
                for media_type in resolve(api, r, "responses").get("content", {}):
                    if media_type not in media_types:
                        media_types.append(media_type)
            if len(media_types) > 1:
                out["produces"] = media_types
            for k, v in op.items():
                if k.startswith("x-"):
                    out[k] = v
            out_item[method] = out
        paths[path] = out_item
    params.update(form_fields)
    doc["parameters"] = params
    doc["responses"] = {name: response20(api, r) for name, r in api["components"]["responses"].items()}
    doc["paths"] = paths
    doc["definitions"] = {name: schema20(s) for name, s in api["components"]["schemas"].items()}
    # Security requirements may only name schemes the document defines.
    for item in paths.values():
        for op in item.values():
            if "security" in op:
                op["security"] = [
                    req for req in op["security"] if all(k in security for k in req)
                ] if op["security"] else []
    return doc


# --------------------------------------------------------------------------------------------------
# OpenAPI 3.1


def schema31(s):
    if not isinstance(s, dict):
        return s
    out = {}
    nullable = s.get("nullable", False)
    for k, v in s.items():
        if k == "nullable":
            continue
        if k == "type" and nullable:
            out[k] = [v, "null"]
        elif k == "example":
            out["examples"] = [v]
        elif k == "enum" and len(v) == 1:
            out["const"] = v[0]
        elif k == "x-tuple":
            out["prefixItems"] = [schema31(x) for x in v]
        elif k == "properties":
            out[k] = {n: schema31(p) for n, p in v.items()}
        elif k in ("items", "additionalProperties", "not"):
            out[k] = schema31(v)
        elif k in ("allOf", "anyOf", "oneOf"):
            out[k] = [schema31(x) for x in v]
        else:
            out[k] = v
    if nullable and "type" not in s:
        sys.exit(f"nullable without a type: {s}")
    return out


def walk31(value):
    """Converts every schema under a parameter, header, body or response."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k == "schema":
                out[k] = schema31(v)
            else:
                out[k] = walk31(v)
        return out
    if isinstance(value, list):
        return [walk31(v) for v in value]
    return value


def openapi31(api):
    doc = {
        "openapi": "3.1.0",
        "info": info(api, "1.0.0"),
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "servers": [{"url": ORIGIN, "description": "Harbour Example Bank (imaginary)."}],
        "tags": api["tags"],
        "paths": walk31(api["paths"]),
    }
    components = {}
    for kind in ["schemas", "parameters", "headers", "responses", "examples", "securitySchemes"]:
        values = api["components"][kind]
        if not values:
            continue
        if kind == "schemas":
            components[kind] = {n: schema31(s) for n, s in values.items()}
        elif kind in ("examples", "securitySchemes"):
            components[kind] = values
        else:
            components[kind] = walk31(values)
    doc["components"] = components
    return doc


# --------------------------------------------------------------------------------------------------


def main():
    sources = [Source(i, *entry) for i, entry in enumerate(SOURCES)]
    api = merged(sources)
    body_uses = {}
    for item in api["paths"].values():
        for op in item.values():
            body = op.get("requestBody")
            if body and "application/json" in body["content"]:
                ref = body["content"]["application/json"]["schema"].get("$ref")
                if ref:
                    count, first = body_uses.get(ref, (0, body))
                    body_uses[ref] = (count + 1, first)

    s20 = swagger20(copy.deepcopy(api), body_uses)
    with open(os.path.join(HERE, "bank-swagger20.json"), "w", encoding="utf-8") as f:
        json.dump(s20, f, indent=2, ensure_ascii=False)
        f.write("\n")

    s31 = openapi31(copy.deepcopy(api))

    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data):
            return True

    with open(os.path.join(HERE, "bank-openapi31.yaml"), "w", encoding="utf-8") as f:
        f.write("# Generated by assemble.py from the project's specs/; do not edit by hand.\n")
        yaml.dump(s31, f, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=110)

    ops = sum(1 for item in api["paths"].values() for m in item if m in METHODS)
    print(f"bank-swagger20.json: {len(s20['definitions'])} definitions, {len(s20['parameters'])} parameters, "
          f"{len(s20['responses'])} responses, {len(s20['paths'])} paths, {ops} operations")
    print(f"bank-openapi31.yaml: {len(s31['components']['schemas'])} schemas, {len(s31['paths'])} paths, "
          f"{ops} operations")


if __name__ == "__main__":
    main()
