/// The OpenAPI 3.1 description of `NodeAPI`, served at `/openapi.json`. A test checks that
/// every route the router serves is described here and nothing else.
enum OpenAPIDocument {
    static let paths: [String: [String]] = [
        "/message": ["post"],
        "/message/{id}": ["get"],
        "/message/{id}/progress": ["get"],
        "/task/{project}/{task}": ["get"],
        "/": ["get"],
        "/live": ["get"],
        "/projects": ["get"],
        "/plugins": ["get"],
        "/admin/plugins/reload": ["post"],
        "/admin/projects/{project}/engine": ["post"],
        "/openapi.json": ["get"],
        "/metrics": ["get"],
        "/tasks": ["get"],
    ]

    static let json = """
        {
          "openapi": "3.1.0",
          "info": {"title": "Sprout node API", "version": "1.0.0",
                   "description": "sprout v0.8 compatible sequencer/coordinator API plus node administration."},
          "components": {
            "securitySchemes": {"admin": {"type": "http", "scheme": "bearer"}},
            "schemas": {
              "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
              "State": {"type": "object", "required": ["state", "time", "comment", "result"], "properties": {
                "state": {"type": "string", "enum": ["received", "packed", "dispatched", "proved", "outputted", "failed"]},
                "time": {"type": "string", "format": "date-time"},
                "comment": {"type": "string"},
                "result": {"type": "string"}}},
              "States": {"oneOf": [{"type": "null"}, {"type": "array", "items": {"$ref": "#/components/schemas/State"}}]}
            }
          },
          "paths": {
            "/message": {"post": {
              "summary": "Submit a message to a project version (sprout's HandleMessageReq; keys match case-insensitively).",
              "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {
                "projectID": {"type": "integer", "minimum": 1}, "projectVersion": {"type": "string"}, "data": {"type": "string"}}}}}},
              "responses": {
                "200": {"description": "Accepted and stored.", "content": {"application/json": {"schema": {"type": "object", "required": ["messageID"], "properties": {"messageID": {"type": "string", "format": "uuid"}}}}}},
                "400": {"description": "Malformed body, missing field or unknown project version.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                "413": {"description": "Body over the size limit.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                "429": {"description": "The project has too many unfinished messages, or the client sends too fast.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                "500": {"description": "Storage failure.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
            "/message/{id}": {"get": {
              "summary": "State history of a message: received, packed, dispatched, proved, outputted or failed.",
              "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
              "responses": {"200": {"description": "Always 200; states is null for an unknown id.", "content": {"application/json": {"schema": {"type": "object", "required": ["messageID", "states"], "properties": {
                "messageID": {"type": "string"}, "states": {"$ref": "#/components/schemas/States"}}}}}}}}},
            "/message/{id}/progress": {"get": {
              "summary": "Where the message's task is while it proves: the engine's phase, percent and attempt (null fields when not proving).",
              "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
              "responses": {"200": {"description": "Progress.", "content": {"application/json": {"schema": {"type": "object", "required": ["messageID", "taskID", "phase", "percent", "attempt"], "properties": {
                "messageID": {"type": "string"}, "taskID": {"type": ["integer", "null"]}, "phase": {"type": ["string", "null"]},
                "percent": {"type": ["integer", "null"], "minimum": 0, "maximum": 100}, "attempt": {"type": ["integer", "null"]}}}}}},
                "404": {"description": "Unknown message.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
            "/task/{project}/{task}": {"get": {
              "summary": "State log of a task (sprout coordinator route).",
              "parameters": [{"name": "project", "in": "path", "required": true, "schema": {"type": "integer"}},
                             {"name": "task", "in": "path", "required": true, "schema": {"type": "integer"}}],
              "responses": {"200": {"description": "The task's log; states is null for an unknown task.", "content": {"application/json": {"schema": {"type": "object", "properties": {
                "taskID": {"type": "integer"}, "projectID": {"type": "integer"}, "states": {"$ref": "#/components/schemas/States"}}}}}},
                "400": {"description": "IDs are not numbers.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
            "/": {"get": {"summary": "Status page (HTML): plugins, projects, recent tasks and their histories, throughput, failures; refreshes itself.", "responses": {"200": {"description": "The page.", "content": {"text/html": {"schema": {"type": "string"}}}}}}},
            "/live": {"get": {"summary": "Liveness.", "responses": {"200": {"description": "Up.", "content": {"application/json": {"schema": {"type": "object", "properties": {"status": {"type": "string", "const": "up"}}}}}}}}},
            "/projects": {"get": {"summary": "Loaded project versions and project files that failed to load.", "responses": {"200": {"description": "Projects.", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
            "/plugins": {"get": {"summary": "Engine plugins: loaded, retired (draining) and refused.", "responses": {"200": {"description": "Plugins.", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}}}}},
            "/admin/plugins/reload": {"post": {"summary": "Reload plugins.d now.", "security": [{"admin": []}],
              "responses": {"200": {"description": "What changed.", "content": {"application/json": {"schema": {"type": "object", "properties": {"changes": {"type": "array", "items": {"type": "string"}}}}}}},
                            "401": {"description": "Missing or wrong token.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                            "403": {"description": "Admin API disabled.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
            "/admin/projects/{project}/engine": {"post": {"summary": "Pin a project to engine versions (semver range), or unpin with null.", "security": [{"admin": []}],
              "parameters": [{"name": "project", "in": "path", "required": true, "schema": {"type": "integer"}}],
              "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {"version": {"type": ["string", "null"]}}}}}},
              "responses": {"200": {"description": "Pinned.", "content": {"application/json": {"schema": {"type": "object"}}}},
                            "400": {"description": "Bad range or no loaded engine satisfies it.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                            "401": {"description": "Missing or wrong token.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                            "403": {"description": "Admin API disabled.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                            "404": {"description": "Unknown project.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
            "/metrics": {"get": {"summary": "Prometheus metrics: messages accepted/rejected, tasks packed/outputted/failed, engine retries, prove durations.", "responses": {"200": {"description": "Prometheus text exposition 0.0.4.", "content": {"text/plain": {"schema": {"type": "string"}}}}}}},
            "/tasks": {"get": {"summary": "The newest tasks with their state logs.",
              "parameters": [{"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 20}}],
              "responses": {"200": {"description": "Tasks, newest first.", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}}}}},
            "/openapi.json": {"get": {"summary": "This document.", "responses": {"200": {"description": "OpenAPI document.", "content": {"application/json": {"schema": {"type": "object"}}}}}}}
          }
        }
        """
}
