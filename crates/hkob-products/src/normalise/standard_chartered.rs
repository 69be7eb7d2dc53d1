//! Standard Chartered: from the [generated types](crate::generated::standard_chartered::types) to the
//! [canonical model](crate::model).
