package dev.instagramauth.demo

import android.app.Application
import com.parse.Parse

class DemoApplication : Application() {
    override fun onCreate() {
        super.onCreate()
        Parse.initialize(
            Parse.Configuration.Builder(this)
                .applicationId(DemoConfig.PARSE_APP_ID)
                .clientKey(DemoConfig.PARSE_CLIENT_KEY)
                .server(DemoConfig.PARSE_SERVER_URL)
                .build(),
        )
    }
}
