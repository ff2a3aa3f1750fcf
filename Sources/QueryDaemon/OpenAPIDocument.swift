/// The daemon's OpenAPI 3.1 document, served at `/openapi.json`.
enum OpenAPIDocument {
    static let json = #"""
{
 "components": {
  "schemas": {
   "AppendRequest": {
    "additionalProperties": false,
    "properties": {
     "events": {
      "items": {
       "additionalProperties": false,
       "properties": {
        "decree": {
         "properties": {
          "date": {
           "format": "date",
           "type": "string"
          },
          "number": {
           "type": "string"
          },
          "signedBy": {
           "type": "string"
          }
         },
         "type": [
          "object",
          "null"
         ]
        },
        "effectiveDate": {
         "format": "date",
         "type": "string"
        },
        "id": {
         "format": "uuid",
         "type": "string"
        },
        "payload": {
         "type": "object"
        },
        "recordedBy": {
         "type": "string"
        },
        "schemaVersion": {
         "type": "integer"
        },
        "type": {
         "type": "string"
        }
       },
       "required": [
        "type",
        "effectiveDate",
        "payload"
       ],
       "type": "object"
      },
      "maxItems": 1000,
      "minItems": 1,
      "type": "array"
     },
     "expectedVersion": {
      "oneOf": [
       {
        "minimum": 0,
        "type": "integer"
       },
       {
        "enum": [
         "any",
         "noStream"
        ]
       }
      ]
     }
    },
    "required": [
     "events"
    ],
    "type": "object"
   },
   "AppendResult": {
    "properties": {
     "alreadyStored": {
      "type": "integer"
     },
     "nip": {
      "type": "string"
     },
     "positions": {
      "items": {
       "type": "integer"
      },
      "type": "array"
     },
     "streamVersion": {
      "type": "integer"
     }
    },
    "required": [
     "nip",
     "positions",
     "streamVersion",
     "alreadyStored"
    ],
    "type": "object"
   },
   "EmployeeState": {
    "properties": {
     "asOf": {
      "type": "string"
     },
     "events": {
      "type": "array"
     },
     "explain": {
      "type": "object"
     },
     "grade": {
      "type": [
       "string",
       "null"
      ]
     },
     "lastPosition": {
      "description": "Log position of the employee's last event: the answer holds until a later one.",
      "type": "integer"
     },
     "nip": {
      "type": "string"
     },
     "retirementDate": {
      "type": "string"
     },
     "serviceYears": {
      "type": "integer"
     },
     "status": {
      "type": "string"
     }
    },
    "required": [
     "nip",
     "asOf",
     "status",
     "serviceYears",
     "retirementDate",
     "lastPosition"
    ],
    "type": "object"
   },
   "Findings": {
    "properties": {
     "findings": {
      "items": {
       "required": [
        "nip",
        "rule",
        "severity",
        "message",
        "state",
        "eventIds"
       ],
       "type": "object"
      },
      "type": "array"
     }
    },
    "required": [
     "findings"
    ],
    "type": "object"
   },
   "Object": {
    "type": "object"
   },
   "Problem": {
    "properties": {
     "detail": {
      "type": "string"
     },
     "field": {
      "type": "string"
     },
     "instance": {
      "type": "string"
     },
     "rule": {
      "type": "string"
     },
     "status": {
      "type": "integer"
     },
     "title": {
      "type": "string"
     },
     "type": {
      "type": "string"
     }
    },
    "required": [
     "type",
     "title",
     "status",
     "detail"
    ],
    "type": "object"
   },
   "Report": {
    "properties": {
     "columns": {
      "items": {
       "type": "string"
      },
      "type": "array"
     },
     "position": {
      "type": "integer"
     },
     "rows": {
      "items": {
       "type": "object"
      },
      "type": "array"
     },
     "title": {
      "type": "string"
     }
    },
    "required": [
     "title",
     "position",
     "columns",
     "rows"
    ],
    "type": "object"
   },
   "Trail": {
    "properties": {
     "events": {
      "items": {
       "properties": {
        "changedBy": {
         "type": "array"
        },
        "decree": {
         "type": [
          "object",
          "null"
         ]
        },
        "effectiveDate": {
         "type": [
          "string",
          "null"
         ]
        },
        "hash": {
         "type": "string"
        },
        "id": {
         "type": "string"
        },
        "payload": {
         "type": "object"
        },
        "position": {
         "type": "integer"
        },
        "recordedAt": {
         "type": "string"
        },
        "recordedBy": {
         "type": "string"
        },
        "type": {
         "type": "string"
        }
       },
       "required": [
        "id",
        "type",
        "effectiveDate",
        "position",
        "hash"
       ],
       "type": "object"
      },
      "type": "array"
     },
     "limit": {
      "type": "integer"
     },
     "nip": {
      "type": "string"
     },
     "offset": {
      "type": "integer"
     },
     "total": {
      "type": "integer"
     }
    },
    "required": [
     "nip",
     "total",
     "events"
    ],
    "type": "object"
   }
  },
  "securitySchemes": {
   "bearer": {
    "scheme": "bearer",
    "type": "http"
   }
  }
 },
 "info": {
  "description": "Career history of Indonesian civil servants (ASN): state, career trails, findings, workforce reports, appends. Authenticate with Authorization: Bearer <token> (riwayat token create).",
  "title": "Riwayat query daemon",
  "version": "1.0.0"
 },
 "openapi": "3.1.0",
 "paths": {
  "/healthz": {
   "get": {
    "responses": {
     "200": {
      "content": {
       "text/plain": {
        "schema": {
         "type": "string"
        }
       }
      },
      "description": "ok"
     }
    },
    "security": [],
    "summary": "The process is up"
   }
  },
  "/metrics": {
   "get": {
    "responses": {
     "200": {
      "content": {
       "text/plain": {
        "schema": {
         "type": "string"
        }
       }
      },
      "description": "Prometheus text exposition"
     }
    },
    "security": [],
    "summary": "Prometheus metrics"
   }
  },
  "/openapi.json": {
   "get": {
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Object"
        }
       }
      },
      "description": "OK"
     }
    },
    "security": [],
    "summary": "This document"
   }
  },
  "/readyz": {
   "get": {
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Object"
        }
       }
      },
      "description": "OK"
     },
     "503": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Object"
        }
       }
      },
      "description": "Not ready"
     }
    },
    "security": [],
    "summary": "Database reachable and projections caught up"
   }
  },
  "/v1/admin/access-log": {
   "get": {
    "parameters": [
     {
      "in": "query",
      "name": "nip",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "in": "query",
      "name": "limit",
      "required": false,
      "schema": {
       "type": "integer"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Object"
        }
       }
      },
      "description": "OK"
     },
     "400": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "401": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "403": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "503": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "The database cannot be reached (Retry-After says when to try again)"
     }
    },
    "summary": "Reads of personal records (admin)"
   }
  },
  "/v1/employees/{nip}": {
   "get": {
    "parameters": [
     {
      "in": "path",
      "name": "nip",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "in": "query",
      "name": "asOf",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "in": "query",
      "name": "knownAt",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "in": "query",
      "name": "explain",
      "required": false,
      "schema": {
       "type": "boolean"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/EmployeeState"
        }
       }
      },
      "description": "OK"
     },
     "400": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "401": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "403": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "404": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "503": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "The database cannot be reached (Retry-After says when to try again)"
     }
    },
    "summary": "Employee state (inspector); recorded in the access log"
   }
  },
  "/v1/employees/{nip}/events": {
   "post": {
    "parameters": [
     {
      "in": "path",
      "name": "nip",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/AppendRequest"
       }
      }
     },
     "required": true
    },
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/AppendResult"
        }
       }
      },
      "description": "Already stored (idempotent re-send)"
     },
     "201": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/AppendResult"
        }
       }
      },
      "description": "Appended"
     },
     "400": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "401": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "403": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "409": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "413": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "422": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "503": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "The database cannot be reached (Retry-After says when to try again)"
     }
    },
    "summary": "Append events (writer)"
   }
  },
  "/v1/employees/{nip}/findings": {
   "get": {
    "parameters": [
     {
      "in": "path",
      "name": "nip",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Findings"
        }
       }
      },
      "description": "OK"
     },
     "400": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "401": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "403": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "503": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "The database cannot be reached (Retry-After says when to try again)"
     }
    },
    "summary": "Policy findings of one employee (inspector)"
   }
  },
  "/v1/employees/{nip}/trail": {
   "get": {
    "parameters": [
     {
      "in": "path",
      "name": "nip",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "in": "query",
      "name": "offset",
      "required": false,
      "schema": {
       "type": "integer"
      }
     },
     {
      "in": "query",
      "name": "limit",
      "required": false,
      "schema": {
       "type": "integer"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Trail"
        }
       }
      },
      "description": "OK"
     },
     "400": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "401": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "403": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "404": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "503": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "The database cannot be reached (Retry-After says when to try again)"
     }
    },
    "summary": "Career trail in effective-date order (inspector); recorded in the access log"
   }
  },
  "/v1/log/head": {
   "get": {
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Object"
        }
       }
      },
      "description": "OK"
     },
     "401": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "503": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "The database cannot be reached (Retry-After says when to try again)"
     }
    },
    "summary": "The log's head"
   }
  },
  "/v1/log/inclusion": {
   "get": {
    "parameters": [
     {
      "in": "query",
      "name": "eventId",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "in": "query",
      "name": "position",
      "required": false,
      "schema": {
       "type": "integer"
      }
     },
     {
      "in": "query",
      "name": "hash",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "in": "query",
      "name": "seal",
      "required": false,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Object"
        }
       }
      },
      "description": "OK"
     },
     "400": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "401": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "503": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "The database cannot be reached (Retry-After says when to try again)"
     }
    },
    "summary": "Is event X at position P with hash H part of the sealed log?"
   }
  },
  "/v1/log/seal": {
   "get": {
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Object"
        }
       }
      },
      "description": "OK"
     },
     "401": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "503": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "The database cannot be reached (Retry-After says when to try again)"
     }
    },
    "summary": "A seal of the head"
   }
  },
  "/v1/reports/flows": {
   "get": {
    "parameters": [
     {
      "in": "query",
      "name": "from",
      "required": false,
      "schema": {
       "type": "integer"
      }
     },
     {
      "in": "query",
      "name": "to",
      "required": false,
      "schema": {
       "type": "integer"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Report"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      },
      "description": "OK"
     },
     "400": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "401": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "403": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "503": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "The database cannot be reached (Retry-After says when to try again)"
     }
    },
    "summary": "Workforce report: flows (analyst); CSV with Accept: text/csv"
   }
  },
  "/v1/reports/headcount": {
   "get": {
    "parameters": [
     {
      "in": "query",
      "name": "asOf",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "in": "query",
      "name": "by",
      "required": false,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Report"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      },
      "description": "OK"
     },
     "400": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "401": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "403": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "503": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "The database cannot be reached (Retry-After says when to try again)"
     }
    },
    "summary": "Workforce report: headcount (analyst); CSV with Accept: text/csv"
   }
  },
  "/v1/reports/promotion-eligible": {
   "get": {
    "parameters": [
     {
      "in": "query",
      "name": "asOf",
      "required": false,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Report"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      },
      "description": "OK"
     },
     "400": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "401": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "403": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "503": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "The database cannot be reached (Retry-After says when to try again)"
     }
    },
    "summary": "Workforce report: promotion-eligible (analyst); CSV with Accept: text/csv"
   }
  },
  "/v1/reports/promotion-velocity": {
   "get": {
    "parameters": [],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Report"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      },
      "description": "OK"
     },
     "400": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "401": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "403": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "503": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "The database cannot be reached (Retry-After says when to try again)"
     }
    },
    "summary": "Workforce report: promotion-velocity (analyst); CSV with Accept: text/csv"
   }
  },
  "/v1/reports/retirement-forecast": {
   "get": {
    "parameters": [
     {
      "in": "query",
      "name": "from",
      "required": false,
      "schema": {
       "type": "integer"
      }
     },
     {
      "in": "query",
      "name": "years",
      "required": false,
      "schema": {
       "type": "integer"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Report"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      },
      "description": "OK"
     },
     "400": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "401": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "403": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "503": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "The database cannot be reached (Retry-After says when to try again)"
     }
    },
    "summary": "Workforce report: retirement-forecast (analyst); CSV with Accept: text/csv"
   }
  },
  "/v1/reports/talent-boxes": {
   "get": {
    "parameters": [],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Report"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      },
      "description": "OK"
     },
     "400": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "401": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "403": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "503": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "The database cannot be reached (Retry-After says when to try again)"
     }
    },
    "summary": "Workforce report: talent-boxes (analyst); CSV with Accept: text/csv"
   }
  },
  "/v1/reports/training-coverage": {
   "get": {
    "parameters": [
     {
      "in": "query",
      "name": "year",
      "required": false,
      "schema": {
       "type": "integer"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Report"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      },
      "description": "OK"
     },
     "400": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "401": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "403": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "503": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "The database cannot be reached (Retry-After says when to try again)"
     }
    },
    "summary": "Workforce report: training-coverage (analyst); CSV with Accept: text/csv"
   }
  },
  "/v1/units/{unit}/findings": {
   "get": {
    "parameters": [
     {
      "in": "path",
      "name": "unit",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "in": "query",
      "name": "limit",
      "required": false,
      "schema": {
       "type": "integer"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Findings"
        }
       }
      },
      "description": "OK"
     },
     "401": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "403": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "Problem details (RFC 9457)"
     },
     "503": {
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      },
      "description": "The database cannot be reached (Retry-After says when to try again)"
     }
    },
    "summary": "Policy findings of a unit (inspector)"
   }
  }
 },
 "security": [
  {
   "bearer": []
  }
 ]
}
"""#
}
